import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import { mediaIcon, reviewIcon } from './icons';
import type { IDraft } from './types/drafts';

/**
 * Command ids of the extension, declared in one place so that plugins, menus, the
 * palette, the notebook toolbar (schema/plugin.json) and tests agree on them.
 */
export namespace CommandIDs {
  /**
   * Ask the server for its version and report whether it matches this frontend.
   */
  export const checkVersion = 'jupyter-jms:check-version';

  /**
   * Show the Media sidebar.
   */
  export const openSidebar = 'jupyter-jms:open-sidebar';

  /**
   * Refresh every open Media panel now.
   */
  export const refresh = 'jupyter-jms:refresh';

  /**
   * Fill the post metadata of the current notebook and submit it (or a new revision).
   */
  export const submitForReview = 'jupyter-jms:submit-for-review';

  /**
   * Open the review view of a draft (`{id}`), or of the current notebook's draft.
   */
  export const openReview = 'jupyter-jms:open-review';

  /**
   * Open (or bring forward) the Registry and Governance area.
   */
  export const openRegistry = 'jupyter-jms:open-registry';
}

/**
 * What the commands act on, built by the plugin that registers them.
 */
export interface ICommandTargets {
  trans: TranslationBundle;
  notebooks: INotebookTracker;
  /**
   * Compare the server's version with this frontend's and say so.
   */
  checkVersion: () => Promise<boolean>;
  /**
   * Bring the Media sidebar forward.
   */
  showSidebar: () => void;
  /**
   * Refresh every open Media panel.
   */
  refresh: () => Promise<void>;
  /**
   * Run the submit form on a notebook.
   */
  submit: (panel: NotebookPanel) => Promise<unknown>;
  /**
   * Open (or bring forward) the review view of a draft.
   */
  openReview: (id: string) => Promise<unknown>;
  /**
   * The draft of a notebook, or null when it was never submitted.
   */
  draftOf: (panel: NotebookPanel) => Promise<IDraft | null>;
  /**
   * Open (or bring forward) the Registry and Governance area.
   */
  openRegistry?: () => Promise<unknown>;
}

/**
 * Register every command of the extension and list them in the palette.
 */
export function addCommands(
  commands: CommandRegistry,
  targets: ICommandTargets,
  palette: ICommandPalette | null
): void {
  const { trans, notebooks } = targets;
  const category = trans.__('Media Strategy');
  const noArgs = { args: { type: 'object', properties: {} } };

  commands.addCommand(CommandIDs.checkVersion, {
    label: trans.__('Check Media Strategy Server Version'),
    caption: trans.__(
      'Compare the jupyter-jms server extension version with this frontend'
    ),
    describedBy: noArgs,
    execute: () => targets.checkVersion()
  });

  commands.addCommand(CommandIDs.openSidebar, {
    label: trans.__('Show the Media Sidebar'),
    caption: trans.__('Your drafts, the review queue and the channels'),
    icon: mediaIcon,
    describedBy: noArgs,
    execute: () => targets.showSidebar()
  });

  commands.addCommand(CommandIDs.refresh, {
    label: trans.__('Refresh Media Panels'),
    caption: trans.__('Ask the server for the latest drafts and reviews now'),
    describedBy: noArgs,
    execute: () => targets.refresh()
  });

  commands.addCommand(CommandIDs.submitForReview, {
    label: args =>
      args.toolbar
        ? trans.__('Submit for review')
        : trans.__('Submit for Review…'),
    caption: trans.__(
      'Fill in the post metadata, save the notebook and submit it (or a new revision) for review'
    ),
    icon: args => (args.toolbar ? reviewIcon : undefined),
    describedBy: {
      args: {
        type: 'object',
        properties: { toolbar: { type: 'boolean' } }
      }
    },
    isEnabled: () => notebooks.currentWidget !== null,
    execute: () => {
      const panel = notebooks.currentWidget;
      if (panel) {
        return targets.submit(panel);
      }
      // Reached from the sidebar's link, which is there whether a notebook is open or not.
      Notification.info(
        trans.__('Open the notebook of your post first, then submit it.'),
        { autoClose: 5000 }
      );
      return undefined;
    }
  });

  commands.addCommand(CommandIDs.openReview, {
    label: args =>
      args.id
        ? trans.__('Open Review of Draft %1', String(args.id))
        : trans.__('Open Review of the Current Notebook'),
    caption: trans.__(
      'The submitted revision, its changes, checks, comments and verdicts'
    ),
    icon: reviewIcon,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'The draft id' }
        }
      }
    },
    isEnabled: args =>
      typeof args.id === 'string' || notebooks.currentWidget !== null,
    execute: async args => {
      if (typeof args.id === 'string' && args.id) {
        return targets.openReview(args.id);
      }
      const panel = notebooks.currentWidget;
      if (!panel) {
        return;
      }
      const draft = await targets.draftOf(panel);
      if (draft) {
        return targets.openReview(draft.id);
      }
      Notification.info(
        trans.__(
          '“%1” has not been submitted for review yet.',
          panel.context.path
        ),
        { autoClose: 5000 }
      );
      return undefined;
    }
  });

  const openRegistry = targets.openRegistry;
  if (openRegistry) {
    commands.addCommand(CommandIDs.openRegistry, {
      label: trans.__('Open Registry and Governance'),
      caption: trans.__(
        'Channels, access grants, members and the media strategy page'
      ),
      icon: mediaIcon,
      describedBy: noArgs,
      execute: () => openRegistry()
    });
  }

  if (palette) {
    for (const command of [
      CommandIDs.submitForReview,
      CommandIDs.openReview,
      ...(openRegistry ? [CommandIDs.openRegistry] : []),
      CommandIDs.openSidebar,
      CommandIDs.refresh,
      CommandIDs.checkVersion
    ]) {
      palette.addItem({ command, category });
    }
  }
}
