/**
 * Version comparison for the handshake between this frontend and the server extension.
 *
 * Both halves ship in the same Python wheel, so a healthy install reports identical
 * versions. A difference means a partial upgrade, a server that was not restarted, or a
 * stale copy of the labextension in another prefix. Only major.minor count: patch
 * releases keep the REST API compatible, so they must not nag anyone.
 */

/**
 * The numeric release part of a version string.
 */
export interface IReleaseVersion {
  major: number;
  minor: number;
  patch: number;
}

// Accepts semver ("1.2.3-alpha.1"), PEP 440 ("1.2.3a1", "1.2.3.dev0", "1.2") and a leading "v".
const RELEASE = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/i;

/**
 * Parse the release part of `version`, or return `null` when it has none.
 */
export function parseVersion(version: string): IReleaseVersion | null {
  const match = RELEASE.exec(version);
  if (!match) {
    return null;
  }
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3])
  };
}

/**
 * Whether two versions share major and minor.
 *
 * A version that cannot be parsed is never compatible: the handshake should then tell
 * the user to reinstall rather than stay silent.
 */
export function isCompatibleVersion(frontend: string, server: string): boolean {
  const a = parseVersion(frontend);
  const b = parseVersion(server);
  if (a === null || b === null) {
    return false;
  }
  return a.major === b.major && a.minor === b.minor;
}
