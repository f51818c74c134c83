import { isCompatibleVersion, parseVersion } from '../version';

describe('parseVersion', () => {
  it('reads a plain release', () => {
    expect(parseVersion('1.12.3')).toEqual({ major: 1, minor: 12, patch: 3 });
  });

  it('reads semver pre-releases and PEP 440 suffixes', () => {
    expect(parseVersion('0.2.0-alpha.1')).toEqual({
      major: 0,
      minor: 2,
      patch: 0
    });
    expect(parseVersion('0.2.0a1')).toEqual({ major: 0, minor: 2, patch: 0 });
    expect(parseVersion('0.2.0.dev3')).toEqual({
      major: 0,
      minor: 2,
      patch: 0
    });
  });

  it('defaults a missing patch to 0 and accepts a leading v', () => {
    expect(parseVersion('v2.1')).toEqual({ major: 2, minor: 1, patch: 0 });
  });

  it('returns null without a major.minor', () => {
    expect(parseVersion('')).toBeNull();
    expect(parseVersion('3')).toBeNull();
    expect(parseVersion('latest')).toBeNull();
  });
});

describe('isCompatibleVersion', () => {
  it('accepts identical versions', () => {
    expect(isCompatibleVersion('0.1.0', '0.1.0')).toBe(true);
  });

  it('ignores patch and pre-release differences', () => {
    expect(isCompatibleVersion('0.1.0', '0.1.7')).toBe(true);
    expect(isCompatibleVersion('0.1.0-beta.2', '0.1.0b2')).toBe(true);
  });

  it('rejects a different minor or major', () => {
    expect(isCompatibleVersion('0.1.0', '0.2.0')).toBe(false);
    expect(isCompatibleVersion('1.1.0', '2.1.0')).toBe(false);
  });

  it('does not read 0.10 as 0.1', () => {
    expect(isCompatibleVersion('0.1.0', '0.10.0')).toBe(false);
  });

  it('rejects a version it cannot parse', () => {
    expect(isCompatibleVersion('0.1.0', '')).toBe(false);
    expect(isCompatibleVersion('unknown', '0.1.0')).toBe(false);
  });
});
