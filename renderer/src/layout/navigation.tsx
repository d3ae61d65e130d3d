import { createContext, useContext } from 'react';

/**
 * Pages that can be opened from elsewhere with something already chosen, and what they
 * are given. A page not listed here is reached through the menu only.
 */
export interface PageParams {
  /** 打印异常申请, opened by 否 in the print confirmation with that certificate chosen. */
  'print-exceptions': { certificateId: string; certificateNumber: string };
}

export type NavigablePage = keyof PageParams;

export interface Navigation {
  navigate<P extends NavigablePage>(page: P, params: PageParams[P]): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside MainFrame');
  return navigation;
}
