/**
 * Command ids of the extension, declared in one place so that plugins, menus, the
 * palette and tests agree on them.
 */
export namespace CommandIDs {
  /**
   * Ask the server for its version and report whether it matches this frontend.
   */
  export const checkVersion = 'jupyter-jms:check-version';
}
