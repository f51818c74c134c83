/**
 * The registry as drafts and the submit form read it: the channels posts go out on.
 */

/**
 * A channel of the registry.
 */
export interface IChannel {
  id: string;
  name: string;
  platform: string;
  kind: string;
  url: string | null;
  handle: string | null;
  status: string;
  preferred: boolean;
  char_limit: number | null;
}
