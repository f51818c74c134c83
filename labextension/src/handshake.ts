import { Clipboard, Notification } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';

import { version as frontendVersion } from '../package.json';
import { JmsRequestError, requestAPI } from './api';
import { isServiceFailure } from './service';
import { isCompatibleVersion } from './version';

/**
 * The one command that fixes any version mismatch: both halves live in this wheel.
 */
const UPGRADE_COMMAND = 'pip install --upgrade jupyter-jms';

/**
 * Answer of `GET jms/api/version`.
 */
interface IVersionInfo {
  version: string;
}

/**
 * Ask the server for its version and tell the user what to run when it differs.
 *
 * @param reportSuccess also confirm a match (when the user asked for the check)
 * @returns whether frontend and server are compatible
 */
export async function checkServerVersion(
  trans: TranslationBundle,
  reportSuccess: boolean
): Promise<boolean> {
  let serverVersion: string;
  try {
    const info = await requestAPI<IVersionInfo>('version');
    serverVersion = typeof info?.version === 'string' ? info.version : '';
  } catch (error) {
    notifyUnreachable(trans, error);
    return false;
  }

  if (!isCompatibleVersion(frontendVersion, serverVersion)) {
    Notification.warning(
      trans.__(
        'The jupyter-jms frontend (version %1) does not match the jupyter-jms server extension (version %2). Run `%3`, restart the Jupyter server, then reload this page.',
        frontendVersion,
        serverVersion || trans.__('unknown'),
        UPGRADE_COMMAND
      ),
      { autoClose: false, actions: [copyUpgradeCommand(trans)] }
    );
    return false;
  }

  if (reportSuccess) {
    Notification.success(
      trans.__(
        'The jupyter-jms frontend and server extension agree (frontend %1, server %2).',
        frontendVersion,
        serverVersion
      ),
      { autoClose: 5000 }
    );
  }
  return true;
}

/**
 * Explain why the version endpoint gave no answer.
 */
function notifyUnreachable(trans: TranslationBundle, error: unknown): void {
  if (error instanceof ServerConnection.NetworkError) {
    // Nothing to upgrade: the server itself is down or the connection dropped.
    Notification.warning(
      trans.__(
        'The Jupyter server cannot be reached, so the jupyter-jms version could not be checked.'
      ),
      { autoClose: 10000 }
    );
    return;
  }
  if (isServiceFailure(error)) {
    // A connected Lab whose service is away: its sentence names it and says what to do.
    Notification.warning(error.message, { autoClose: 10000 });
    return;
  }
  let message: string;
  if (error instanceof JmsRequestError && error.status === 404) {
    // The route is missing: the server extension is not installed or not enabled.
    message = trans.__(
      'The jupyter-jms server extension is not running. Run `%1`, make sure it is enabled with `jupyter server extension enable jupyter_jms`, then restart the Jupyter server.',
      UPGRADE_COMMAND
    );
  } else {
    const detail = error instanceof Error ? error.message : String(error);
    message = trans.__(
      'The jupyter-jms server extension could not report its version: %1',
      detail
    );
  }
  Notification.error(message, {
    autoClose: false,
    actions: [copyUpgradeCommand(trans)]
  });
}

/**
 * A notification button that puts the upgrade command on the clipboard.
 */
function copyUpgradeCommand(trans: TranslationBundle): Notification.IAction {
  return {
    label: trans.__('Copy command'),
    caption: UPGRADE_COMMAND,
    callback: () => Clipboard.copyToSystem(UPGRADE_COMMAND)
  };
}
