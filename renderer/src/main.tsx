import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { applySavedLanguage } from './features/settings/language';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const root = container;
// Rendered once the saved language is known, or without it when main does not answer.
void applySavedLanguage()
  .catch(() => undefined)
  .finally(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
