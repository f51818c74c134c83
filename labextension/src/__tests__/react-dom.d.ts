// The few react-dom functions the rendering tests use. react-dom ships no types of its
// own and @types/react-dom is not among the dev dependencies; this is all they need.
declare module 'react-dom/server' {
  import type { ReactElement } from 'react';
  export function renderToStaticMarkup(element: ReactElement): string;
}

declare module 'react-dom/client' {
  import type { ReactElement } from 'react';
  export interface IRoot {
    render(element: ReactElement): void;
    unmount(): void;
  }
  export function createRoot(container: Element): IRoot;
}
