// Entry point: applies the stored reading preferences before the first paint, then renders.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyLargeText, storedLargeText } from './components/display-prefs';
import { prefetchCurrentPage } from './features/dashboard/prefetch';
import { applyLocale, storedLocale } from './i18n/i18n';
import './styles.css';

applyLocale(storedLocale());
applyLargeText(storedLargeText());
prefetchCurrentPage();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
