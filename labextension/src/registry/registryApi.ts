/**
 * Typed calls of the registry endpoints the Channels, Grants, Members and Page tabs use,
 * built on `JmsClient.call`; shapes as `jupyter_jms/openapi.yaml` describes them.
 *
 * Nothing here decides who may do what: the server answers, and the tabs show its answers.
 */

import type { JmsClient } from '../client';

/**
 * A channel as `GET channels` lists it.
 */
export interface IRegistryChannel {
  id: string;
  name: string;
  platform: string;
  kind: string;
  url: string | null;
  handle: string | null;
  stewardship: string;
  mode: string;
  status: string;
  preferred: boolean;
  char_limit: number | null;
  owners: string[];
  delegates: string[];
  description: string;
  retired_on: string | null;
  connector: string | null;
  api_url: string | null;
  version: number;
  /**
   * The statuses this channel may move to next (absent on older servers).
   */
  next_statuses?: string[];
}

/**
 * `GET channels`: the channels and the values the registry's forms offer.
 */
export interface IChannelList {
  items: IRegistryChannel[];
  /**
   * The values a channel's fields take (absent on older servers).
   */
  choices?: IChannelChoices;
}

/**
 * The values of a channel's enumerated fields, as the server allows them.
 */
export interface IChannelChoices {
  kinds: string[];
  modes: string[];
  stewardship: string[];
  connectors: string[];
  /**
   * The statuses a new channel may start in.
   */
  new_statuses: string[];
}

/**
 * What `PATCH channels/{id}` takes besides `if_version`.
 */
export interface IChannelPatch {
  status?: string;
  preferred?: true;
  connector?: string;
  api_url?: string;
  name?: string;
  url?: string;
  handle?: string;
  mode?: string;
  description?: string;
}

/**
 * What `POST channels` takes.
 */
export interface IChannelIn {
  id: string;
  name: string;
  platform?: string;
  kind?: string;
  url?: string;
  handle?: string;
  mode?: string;
  status?: string;
  connector?: string;
  api_url?: string;
  char_limit?: number | null;
  description?: string;
}

/**
 * An access grant, live or revoked.
 */
export interface IGrant {
  id: string;
  channel: string;
  username: string;
  access: string;
  vault_ref: string;
  reason: string;
  granted_by: string;
  granted_at: string;
  reauthorized_at: string | null;
  verified_post_at: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  revoke_reason: string;
  decision: string | null;
  live: boolean;
  stale: boolean;
  stale_reasons: string[];
  version: number;
}

/**
 * A member who may be given a grant on a channel, as the server lists them.
 */
export interface IGrantable {
  username: string;
  name: string;
}

/**
 * `GET channels/{id}/grants`.
 */
export interface IChannelGrants {
  channel: string;
  items: IGrant[];
  /**
   * For admins: who may be given access to this channel now (absent otherwise).
   */
  grantable?: IGrantable[];
  /**
   * For admins: the access levels a grant may give, in the order forms offer them.
   */
  access_levels?: string[];
  /**
   * For admins: after how many days a grant is flagged stale.
   */
  stale_grant_days?: number;
}

/**
 * `GET members/{username}/grants`.
 */
export interface IMemberGrants {
  username: string;
  items: IGrant[];
}

/**
 * What `POST channels/{id}/grants` takes.
 */
export interface IGrantIn {
  username: string;
  access: string;
  vault_ref: string;
  reason: string;
}

/**
 * A role held over `[since, until)`.
 */
export interface IRoleInterval {
  id: string;
  role: string;
  since: string;
  until: string | null;
  languages: string[];
}

/**
 * A member of the roster.
 */
export interface IMember {
  username: string;
  name: string;
  affiliation: string;
  aliases: string[];
  roles: string[];
  languages: string[];
  role_intervals: IRoleInterval[];
  version: number;
}

/**
 * `GET members`.
 */
export interface IMemberList {
  items: IMember[];
  /**
   * The roles a member may hold (absent on older servers).
   */
  role_names?: string[];
}

/**
 * What `POST members/{u}/roles` takes.
 */
export interface IRoleIn {
  role: string;
  since?: string;
  until?: string | null;
  languages?: string[];
}

/**
 * What `POST members` takes.
 */
export interface IMemberIn {
  username: string;
  name?: string;
  affiliation?: string;
  aliases?: string[];
  roles?: IRoleIn[];
}

/**
 * `GET page`.
 */
export interface IPage {
  format: 'markdown' | 'html';
  content: string;
  channels: string[];
  preferred: string | null;
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The registry endpoints, on a client.
 */
export class RegistryApi {
  constructor(readonly client: JmsClient) {}

  channels(): Promise<IChannelList> {
    return this.client.call<IChannelList>('GET', 'channels');
  }

  createChannel(body: IChannelIn): Promise<IRegistryChannel> {
    return this.client.call<IRegistryChannel>('POST', 'channels', body);
  }

  updateChannel(
    channel: Pick<IRegistryChannel, 'id' | 'version'>,
    patch: IChannelPatch
  ): Promise<IRegistryChannel> {
    return this.client.call<IRegistryChannel>(
      'PATCH',
      `channels/${seg(channel.id)}`,
      { ...patch, if_version: channel.version }
    );
  }

  channelGrants(channelId: string, history: boolean): Promise<IChannelGrants> {
    const qs = history ? '?include=history' : '';
    return this.client.call<IChannelGrants>(
      'GET',
      `channels/${seg(channelId)}/grants${qs}`
    );
  }

  memberGrants(username: string, history: boolean): Promise<IMemberGrants> {
    const qs = history ? '?include=history' : '';
    return this.client.call<IMemberGrants>(
      'GET',
      `members/${seg(username)}/grants${qs}`
    );
  }

  grant(channelId: string, body: IGrantIn): Promise<IGrant> {
    return this.client.call<IGrant>(
      'POST',
      `channels/${seg(channelId)}/grants`,
      body
    );
  }

  /**
   * Change a live grant's access, or act on it (`revoke` with a reason, `reauthorize`).
   */
  updateGrant(
    grant: Pick<IGrant, 'id' | 'channel' | 'version'>,
    body:
      | { access: string }
      | { action: 'revoke'; reason: string }
      | { action: 'reauthorize' }
  ): Promise<IGrant> {
    return this.client.call<IGrant>(
      'PATCH',
      `channels/${seg(grant.channel)}/grants/${seg(grant.id)}`,
      { ...body, if_version: grant.version }
    );
  }

  members(): Promise<IMemberList> {
    return this.client.call<IMemberList>('GET', 'members');
  }

  createMember(body: IMemberIn): Promise<IMember> {
    return this.client.call<IMember>('POST', 'members', body);
  }

  addRole(member: Pick<IMember, 'username' | 'version'>, body: IRoleIn) {
    return this.client.call<IMember>(
      'POST',
      `members/${seg(member.username)}/roles`,
      { ...body, if_version: member.version }
    );
  }

  /**
   * End a role interval on `until` (the member's version guards the change).
   */
  endRole(
    member: Pick<IMember, 'username' | 'version'>,
    roleId: string,
    until: string
  ): Promise<IMember> {
    return this.client.call<IMember>(
      'PATCH',
      `members/${seg(member.username)}/roles/${seg(roleId)}`,
      { until, if_version: member.version }
    );
  }

  page(): Promise<IPage> {
    return this.client.call<IPage>('GET', 'page?format=html');
  }
}
