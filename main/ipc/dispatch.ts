// Every renderer call enters the main process here: sender check -> role check ->
// zod parse -> service call -> Result. It is pure (no 'electron'), so tests call it directly and
// browser mode reuses it behind its loopback bridge.

import type { z } from 'zod';
import { isChannel, type AppError, type Channel, type Invoke, type Result } from '../../preload/contract';
import { AppFailure, toAppError } from '../core/errors';
import type { Logger } from '../log/logger';

/** Who sent a call: the frame's URL and whether it is the window's top frame. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
}

export type Handlers = {
  [C in Channel]: (...args: Invoke[C]['args']) => Promise<Invoke[C]['result']>;
};

export type ArgSchemas = {
  [C in Channel]: z.ZodType<Invoke[C]['args']>;
};

export type Dispatch = (channel: unknown, rawArgs: unknown, sender: Sender) => Promise<Result<unknown>>;

export function createDispatch(options: {
  schemas: ArgSchemas;
  handlers: Handlers;
  /** The origin the app's own pages are served from, e.g. `app://bundle`. */
  trustedOrigin: string;
  /** Refuses a channel the signed-in role may not use, whatever the renderer shows. */
  authorize?: (channel: Channel) => AppError | null;
  log: Logger;
}): Dispatch {
  const { schemas, handlers, trustedOrigin, authorize, log } = options;
  return async (channel, rawArgs, sender) => {
    if (!sender.isMainFrame || !hasOrigin(sender.url, trustedOrigin)) {
      log.warn('refused a call from a foreign frame', { channel: String(channel) });
      return failure({ code: 'FORBIDDEN_SENDER', message: '请求来源不受信任,已拒绝。' });
    }
    if (!isChannel(channel)) {
      return failure({ code: 'INVALID_ARGUMENT', message: '未知的操作。' });
    }
    const refusal = authorize?.(channel) ?? null;
    if (refusal) {
      log.warn('refused a call the role may not make', { channel });
      return failure(refusal);
    }
    const parsed = schemas[channel].safeParse(rawArgs);
    if (!parsed.success) {
      log.warn('invalid arguments', { channel, issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
      return failure({ code: 'INVALID_ARGUMENT', message: '参数不正确,操作未执行。' });
    }
    try {
      const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...(parsed.data as unknown[])) };
    } catch (error) {
      if (!(error instanceof AppFailure)) log.error(`${channel} failed`, error);
      return failure(toAppError(error));
    }
  };
}

function failure(error: AppError): Result<never> {
  return { ok: false, error };
}

/** Compares parsed origins, never substrings: `app://bundle.evil` is not `app://bundle`. */
function hasOrigin(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    const expected = new URL(origin);
    return parsed.protocol === expected.protocol && parsed.host === expected.host;
  } catch {
    return false;
  }
}
