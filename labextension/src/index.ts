import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  WidgetTracker
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import {
  IRenderMimeRegistry,
  RenderMimeRegistry
} from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { JmsClient } from './client';
import { addCommands, CommandIDs } from './commands';
import { IMediaContext, MediaContext } from './context';
import { mediaIcon, reviewIcon } from './icons';
import { DEFAULT_REFRESH, IRefreshSettings } from './refresh';
import type { RegistryWidget } from './registry/area';
import type { ReviewWidget } from './ui/review';
// The sidebar and the status-bar item are on screen from the start.
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { MediaSidebar } from './ui/sidebar';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { DraftStatus } from './ui/status';

/**
 * The plugin whose settings (schema/plugin.json) every panel reads.
 */
const PLUGIN_ID = 'jupyter-jms:plugin';

/**
 * The API client and settings every panel shares; checks on start-up that the server
 * extension answers and matches this frontend.
 */
const corePlugin: JupyterFrontEndPlugin<IMediaContext> = {
  id: PLUGIN_ID,
  description:
    'Media Strategy Working Group tools: the API client and settings, and the check that the jupyter-jms server extension matches this frontend.',
  autoStart: true,
  provides: IMediaContext,
  optional: [ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ): IMediaContext => {
    const trans = (translator ?? nullTranslator).load('jupyter_jms');
    const context = new MediaContext(
      new JmsClient(app.serviceManager.serverSettings),
      trans
    );
    if (settingRegistry) {
      void settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = () => context.setRefreshSettings(readRefresh(settings));
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.warn('jupyter-jms: settings could not be loaded', reason);
        });
    }
    void app.restored.then(async () => {
      const { checkServerVersion } = await import('./handshake');
      await checkServerVersion(trans, false);
    });
    return context;
  }
};

/**
 * The Media sidebar, "Submit for review", the review views, the status-bar item and
 * every command (see commands.ts).
 */
const mediaPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-jms:media',
  description:
    'The Media sidebar, "Submit for review" on notebooks, the review view of a draft and the draft state in the status bar.',
  autoStart: true,
  requires: [IMediaContext, INotebookTracker, IRenderMimeRegistry],
  optional: [ILayoutRestorer, ICommandPalette, IStatusBar, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    context: IMediaContext,
    notebooks: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null
  ): void => {
    const { trans } = context;

    const sidebar = new MediaSidebar(context, app.commands);
    sidebar.title.caption = trans.__('Media Strategy');
    app.shell.add(sidebar, 'left', { rank: 650 });
    restorer?.add(sidebar, sidebar.id);

    const reviews = new WidgetTracker<MainAreaWidget<ReviewWidget>>({
      namespace: 'jupyter-jms-review'
    });
    // Views being created, so that a double click opens one view, not two.
    const opening = new Map<string, Promise<MainAreaWidget<ReviewWidget>>>();
    const openReview = (id: string): Promise<MainAreaWidget<ReviewWidget>> => {
      const open = reviews.find(w => w.content.model.draftId === id);
      if (open) {
        app.shell.activateById(open.id);
        void open.content.refresh();
        return Promise.resolve(open);
      }
      let pending = opening.get(id);
      if (!pending) {
        pending = createReview(id).finally(() => opening.delete(id));
        opening.set(id, pending);
      }
      return pending;
    };
    const createReview = async (
      id: string
    ): Promise<MainAreaWidget<ReviewWidget>> => {
      const [{ ReviewModel }, { ReviewWidget }] = await Promise.all([
        import('./reviewModel'),
        import('./ui/review')
      ]);
      const model = new ReviewModel(context.client, id);
      const content = new ReviewWidget({
        model,
        context,
        commands: app.commands,
        contents: app.serviceManager.contents,
        rendermimeFor: path =>
          rendermime.clone({
            resolver: new RenderMimeRegistry.UrlResolver({
              path,
              contents: app.serviceManager.contents
            })
          })
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `jupyter-jms-review-${id}`;
      widget.title.icon = reviewIcon;
      widget.title.label = trans.__('Review: draft %1', id);
      widget.title.closable = true;
      widget.addClass('jp-jms-ReviewPanel');
      // The content names the tab once the draft is loaded.
      content.title.changed.connect(() => {
        widget.title.label = content.title.label;
        widget.title.caption = content.title.caption;
      });
      await reviews.add(widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
      void content.refresh();
      return widget;
    };
    if (restorer) {
      void restorer.restore(reviews, {
        command: CommandIDs.openReview,
        args: w => ({ id: w.content.model.draftId }),
        name: w => w.content.model.draftId
      });
    }

    // One Registry and Governance area, brought forward when already open.
    const registries = new WidgetTracker<MainAreaWidget<RegistryWidget>>({
      namespace: 'jupyter-jms-registry'
    });
    let registryOpening: Promise<MainAreaWidget<RegistryWidget>> | null = null;
    const openRegistry = (): Promise<MainAreaWidget<RegistryWidget>> => {
      const open = registries.currentWidget;
      if (open && !open.isDisposed) {
        app.shell.activateById(open.id);
        return Promise.resolve(open);
      }
      registryOpening ??= createRegistry().finally(() => {
        registryOpening = null;
      });
      return registryOpening;
    };
    const createRegistry = async (): Promise<
      MainAreaWidget<RegistryWidget>
    > => {
      const { RegistryWidget } = await import('./registry/area');
      const content = new RegistryWidget({
        client: context.client,
        trans,
        me: () => context.me(),
        changed: () => context.notifyDraftChanged(null)
      });
      const widget = new MainAreaWidget({ content });
      widget.id = 'jupyter-jms-registry';
      widget.title.icon = mediaIcon;
      widget.title.label = trans.__('Registry and Governance');
      widget.title.closable = true;
      widget.addClass('jp-jms-RegistryPanel');
      await registries.add(widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
      return widget;
    };
    if (restorer) {
      void restorer.restore(registries, {
        command: CommandIDs.openRegistry,
        name: () => 'registry'
      });
    }

    addCommands(
      app.commands,
      {
        trans,
        notebooks,
        checkVersion: async () => {
          const { checkServerVersion } = await import('./handshake');
          return checkServerVersion(trans, true);
        },
        showSidebar: () => app.shell.activateById(sidebar.id),
        refresh: async () => {
          await Promise.allSettled([
            sidebar.refresh(),
            ...reviews.filter(() => true).map(w => w.content.refresh())
          ]);
          registries.forEach(w => w.content.refresh());
          context.notifyDraftChanged(null);
        },
        submit: async panel => {
          const { submitForReview } = await import('./ui/submit');
          return submitForReview(panel, context, app.commands);
        },
        openReview,
        draftOf: panel => context.client.findDraftByPath(panel.context.path),
        openRegistry
      },
      palette
    );

    if (statusBar) {
      const status = new DraftStatus(context, notebooks, app.commands);
      const activeChanged = new Signal<DraftStatus, void>(status);
      const emit = () => activeChanged.emit();
      labShell?.currentChanged.connect(emit);
      notebooks.currentChanged.connect(emit);
      statusBar.registerStatusItem('jupyter-jms:draft-status', {
        item: status,
        align: 'left',
        rank: 4,
        isActive: () =>
          notebooks.currentWidget !== null &&
          (!labShell || labShell.currentWidget === notebooks.currentWidget),
        activeStateChanged: activeChanged
      });
    }
  }
};

/**
 * The refresh settings from the registry, with defaults for anything missing.
 */
function readRefresh(settings: ISettingRegistry.ISettings): IRefreshSettings {
  const interval = settings.get('refreshInterval').composite;
  const pause = settings.get('pauseWhenHidden').composite;
  return {
    refreshInterval:
      typeof interval === 'number' && interval > 0
        ? interval
        : DEFAULT_REFRESH.refreshInterval,
    pauseWhenHidden:
      typeof pause === 'boolean' ? pause : DEFAULT_REFRESH.pauseWhenHidden
  };
}

export default [corePlugin, mediaPlugin];
