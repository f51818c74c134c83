import { LabIcon } from '@jupyterlab/ui-components';

const MEGAPHONE = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon3" fill="#616161" d="M18 3v18l-6-4H7l1.3 4.5L6.4 22 4.6 17H4a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2h8l6-4zm2 6.5a3 3 0 0 1 0 5v-5z"/>
</svg>`;

const REVIEW = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon3" fill="#616161" d="M5 3h10l4 4v6.3a5.5 5.5 0 0 0-2-.3V8h-3V5H5v14h6.3a5.5 5.5 0 0 0 .7 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm11.5 11a3.5 3.5 0 0 1 2.9 5.5l2.3 2.3-1.4 1.4-2.3-2.3a3.5 3.5 0 1 1-1.5-6.9zm0 2a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zM7 9h7v2H7V9zm0 4h4v2H7v-2z"/>
</svg>`;

/**
 * The Media sidebar's icon.
 */
export const mediaIcon = new LabIcon({
  name: 'jupyter-jms:media',
  svgstr: MEGAPHONE
});

/**
 * The icon of review views and of "Submit for review".
 */
export const reviewIcon = new LabIcon({
  name: 'jupyter-jms:review',
  svgstr: REVIEW
});
