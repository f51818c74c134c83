import { TranslationBundle } from '@jupyterlab/translation';

/**
 * The words shown for the registry's enumerated values; a value this frontend does not
 * know (from a newer server) is shown as the server names it.
 */
export function registryLabel(trans: TranslationBundle, value: string): string {
  const labels: Record<string, string> = {
    // channel statuses
    proposed: trans.__('Proposed'),
    active: trans.__('Active'),
    paused: trans.__('Paused'),
    retired: trans.__('Retired'),
    // modes
    broadcast: trans.__('Broadcast only'),
    two_way: trans.__('Two-way'),
    // kinds
    blog: trans.__('Blog'),
    social: trans.__('Social'),
    forum: trans.__('Forum'),
    chat: trans.__('Chat'),
    video: trans.__('Video'),
    newsletter: trans.__('Newsletter'),
    // stewardship
    primary: trans.__('Primary'),
    community: trans.__('Community'),
    // connectors
    mastodon: trans.__('Mastodon'),
    bluesky: trans.__('Bluesky'),
    blog_export: trans.__('Blog export'),
    manual: trans.__('Manual'),
    // access levels
    admin: trans.__('Admin'),
    publisher: trans.__('Publisher'),
    viewer: trans.__('Viewer'),
    // roles
    editor: trans.__('Editor'),
    council: trans.__('Council'),
    chair: trans.__('Chair')
  };
  return labels[value] ?? value;
}

/**
 * How a member is named in a choice of members: name and username, or the username alone.
 */
export function memberLabel(
  members: { username: string; name?: string }[]
): (username: string) => string {
  return username => {
    const m = members.find(x => x.username === username);
    return m?.name ? `${m.name} (${m.username})` : username;
  };
}
