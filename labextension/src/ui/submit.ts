import { Dialog, Notification } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';

import { IFieldError, JmsRequestError } from '../api';
import { CommandIDs } from '../commands';
import { IMediaContext } from '../context';
import { formFromMetadata } from '../postForm';
import { PostFormModel } from '../postFormModel';
import { failureText, serviceOf } from '../service';
import type { IDraft, IDraftDetail } from '../types/drafts';
import type { IPostMetadata } from '../types/publishing';
import { PostFormBody } from './submitForm';

/**
 * Fill in the post metadata of a notebook, save it, and submit it for review.
 *
 * A notebook that is already an open draft the caller may resubmit is sent as its next
 * revision; otherwise as a new draft. When the server refuses the metadata, the form
 * opens again with its field errors; when the submission fails otherwise (a connected
 * Lab's service unreachable, its token refused...), it opens again with the server's
 * sentence, holding what was typed.
 *
 * @returns the draft after submission, or null when the user cancelled or it failed
 */
export async function submitForReview(
  panel: NotebookPanel,
  context: IMediaContext,
  commands: CommandRegistry
): Promise<IDraft | null> {
  const { trans, client } = context;
  await panel.context.ready;
  const model = panel.content.model;
  if (!model) {
    return null;
  }
  const path = panel.context.path;

  let me, channels, existing: IDraftDetail | null;
  try {
    const [who, all, found] = await Promise.all([
      context.me(),
      client.channels(),
      client.findDraftByPath(path)
    ]);
    me = who;
    channels = all.filter(c => c.status === 'active');
    existing = found ? await client.getDraft(found.id) : null;
  } catch (error) {
    notifyFailure(context, error);
    return null;
  }
  // The server says whether this caller may send the draft a new revision.
  const target =
    existing !== null && existing.allowed_actions.includes('resubmit')
      ? existing
      : null;

  const service = serviceOf(me);
  let errors: IFieldError[] = [];
  let failure: string | null = null;
  for (;;) {
    // What was typed is in the notebook's metadata by now: the form opens with it.
    const base = model.getMetadata('jms') as unknown;
    const formModel = new PostFormModel({
      form: formFromMetadata(base, me.username),
      base,
      check: metadata => client.checkPost(metadata),
      errors,
      failure
    });
    void formModel.checkNow();
    const body = new PostFormBody(formModel, channels, trans, service);
    const dialog = new Dialog<IPostMetadata>({
      title: target
        ? trans.__(
            'Submit revision %1 of “%2”',
            target.revision + 1,
            target.title
          )
        : trans.__('Submit for review'),
      body,
      buttons: [
        Dialog.cancelButton(),
        Dialog.okButton({
          label: target ? trans.__('Submit revision') : trans.__('Submit')
        })
      ],
      focusNodeSelector: 'input[name="title"]'
    });
    dialog.addClass('jp-jms-SubmitDialog');
    const result = await dialog.launch();
    if (!result.button.accept || !result.value) {
      return null;
    }

    model.setMetadata('jms', result.value);
    errors = [];
    failure = null;
    try {
      await panel.context.save();
    } catch (error) {
      failure = failureText(error);
      continue;
    }

    try {
      const draft = target
        ? await client.resubmit(target.id, path, target.version)
        : await client.submit(path);
      context.notifyDraftChanged(draft.id);
      Notification.success(
        target
          ? trans.__(
              'Revision %1 of “%2” is submitted for review.',
              draft.revision,
              draft.title
            )
          : trans.__('“%1” is submitted for review.', draft.title),
        {
          autoClose: 8000,
          actions: [
            {
              label: trans.__('Open review'),
              callback: () =>
                void commands.execute(CommandIDs.openReview, { id: draft.id })
            }
          ]
        }
      );
      return draft;
    } catch (error) {
      // Show the form again, with what was typed and what the server said.
      ({ errors, failure } = formAfterFailure(error));
      continue;
    }
  }
}

/**
 * What the form shows when it opens again after a failed submission: the fields the
 * server refused, or else the server's sentence (a connected Lab's service unreachable,
 * its token refused, a notebook gone...).
 */
export function formAfterFailure(error: unknown): {
  errors: IFieldError[];
  failure: string | null;
} {
  if (
    error instanceof JmsRequestError &&
    error.status === 400 &&
    error.errors.length > 0
  ) {
    return { errors: error.errors, failure: null };
  }
  return { errors: [], failure: failureText(error) };
}

function notifyFailure(context: IMediaContext, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  Notification.error(
    context.trans.__('Could not submit the notebook: %1', message),
    { autoClose: false }
  );
}
