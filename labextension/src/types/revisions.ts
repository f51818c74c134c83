/**
 * What the review view reads of a submitted notebook (`GET drafts/{id}/revisions/{n}`) and of
 * the changes between two revisions (`.../diff?from=m`, computed by the server with nbdime).
 */

/**
 * A metadata key that changed (dotted for nested keys, e.g. `jms.title`).
 */
export interface IDiffKey {
  key: string;
  change: 'added' | 'removed' | 'changed';
}

/**
 * One line of a changed source: kept, added or removed.
 */
export interface IDiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
}

/**
 * An output of a cell that changed, with a short summary (e.g. "image/png changed").
 */
export interface IDiffOutput {
  change: 'added' | 'removed' | 'changed';
  index: number | null;
  summary: string;
}

/**
 * How one cell changed between two revisions, as the server computed it (with nbdime).
 */
export interface IDiffCell {
  cell_id: string;
  old_cell_id: string | null;
  /**
   * `moved`: the cell changed place (`old_index` is where it was); it may have changed too.
   */
  status: 'added' | 'removed' | 'modified' | 'moved' | 'unchanged';
  cell_type: string;
  old_index: number | null;
  new_index: number | null;
  old_source: string | null;
  new_source: string | null;
  /**
   * The source's lines when it changed, else null.
   */
  source: IDiffLine[] | null;
  outputs: IDiffOutput[];
  metadata: IDiffKey[];
  /**
   * Other fields that changed, e.g. `execution_count`.
   */
  other: string[];
}

/**
 * `GET drafts/{id}/revisions/{n}/diff?from=m`.
 */
export interface IDiff {
  draft: string;
  from: number;
  to: number;
  /**
   * Whether the post metadata (`metadata.jms`) changed.
   */
  metadata_changed: boolean;
  /**
   * `id` when many cells were replaced and cells were matched by their ids only.
   */
  matched_by: 'content' | 'id';
  /**
   * The notebook metadata keys that changed.
   */
  metadata: IDiffKey[];
  cells: IDiffCell[];
}

/**
 * A cell of a submitted notebook, as far as the review view reads it.
 */
export interface ISnapshotCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: ISnapshotOutput[];
}

/**
 * An output of a code cell, as far as the review view reads it.
 */
export interface ISnapshotOutput {
  output_type: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/**
 * `GET drafts/{id}/revisions/{n}`: the submitted notebook.
 */
export interface ISnapshot {
  cells: ISnapshotCell[];
  metadata?: Record<string, unknown>;
}
