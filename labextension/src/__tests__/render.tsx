import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { createRoot, IRoot } from 'react-dom/client';

/**
 * The translation bundle the views get in JupyterLab without a language pack.
 */
export const trans = nullTranslator.load('jupyter_jms');

// React runs effects and state updates inside act() in tests.
(
  globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
).IS_REACT_ACT_ENVIRONMENT = true;

/**
 * A React element mounted in the document, for tests that click and type in it.
 */
export class Mounted {
  constructor(element: React.ReactElement) {
    this.node = document.createElement('div');
    document.body.appendChild(this.node);
    this._root = createRoot(this.node);
    React.act(() => this._root.render(element));
  }

  /**
   * Render again (after the model changed).
   */
  rerender(element: React.ReactElement): void {
    React.act(() => this._root.render(element));
  }

  /**
   * Type into a text input or textarea, as React sees a person do it.
   */
  type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
    const proto = Object.getPrototypeOf(el) as object;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    React.act(() => {
      setter?.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  /**
   * Click a button, then wait until `done()` holds (what the click started finished).
   */
  async click(el: Element, done: () => boolean): Promise<void> {
    React.act(() => (el as HTMLElement).click());
    // Each act() applies the updates made meanwhile, so `done` sees the page as shown.
    const deadline = Date.now() + 1000;
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error('timed out waiting for the view');
      }
      await React.act(() => new Promise(resolve => setTimeout(resolve, 5)));
    }
  }

  unmount(): void {
    React.act(() => this._root.unmount());
    this.node.remove();
  }

  readonly node: HTMLDivElement;
  private _root: IRoot;
}
