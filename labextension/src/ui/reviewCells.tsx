import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { formatTime } from '../labels';
import { ICellView } from '../cellViews';
import type { IComment } from '../types/review';
import { changeLabel, movedLabel } from './reviewDiff';

/**
 * Markdown rendered by JupyterLab's own renderer, untrusted: the sanitizer strips
 * scripts and event handlers, exactly as for an untrusted notebook.
 */
export function MarkdownView(props: {
  source: string;
  rendermime: IRenderMimeRegistry;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const node = host.current;
    if (!node) {
      return;
    }
    const renderer = props.rendermime.createRenderer('text/markdown');
    const model = new MimeModel({
      data: { 'text/markdown': props.source },
      trusted: false
    });
    void renderer.renderModel(model);
    Widget.attach(renderer, node);
    return () => renderer.dispose();
  }, [props.source, props.rendermime]);
  return <div className="jp-jms-Markdown" ref={host} />;
}

/**
 * One cell of the submitted revision with its change badge, warnings and comments.
 */
export function CellView(props: {
  cell: ICellView;
  revision: number;
  rendermime: IRenderMimeRegistry;
  trans: TranslationBundle;
  canComment: boolean;
  onComment: (body: string, cellId: string) => Promise<void>;
}): JSX.Element {
  const { cell, trans } = props;
  const status = cell.change?.status;
  return (
    <article
      className={`jp-jms-Cell jp-jms-Cell-${cell.cellType}${status ? ` jp-jms-Cell-${status}` : ''}`}
      data-cell-id={cell.id ?? ''}
      data-cell-index={cell.index}
    >
      <div className="jp-jms-Cell-gutter">
        <span className="jp-jms-Cell-index">[{cell.index + 1}]</span>
        {status && (
          <span className={`jp-jms-Change jp-jms-Change-${status}`}>
            {changeLabel(trans, status)}
          </span>
        )}
        {status === 'moved' && cell.change && (
          <span className="jp-jms-Muted jp-jms-MovedFrom">
            {movedLabel(trans, cell.change)}
          </span>
        )}
      </div>
      <div className="jp-jms-Cell-body">
        {cell.cellType === 'markdown' ? (
          <MarkdownView source={cell.source} rendermime={props.rendermime} />
        ) : (
          <pre className="jp-jms-Code">{cell.source}</pre>
        )}
        {cell.outputs.map((text, i) => (
          <pre key={i} className="jp-jms-Output">
            {text}
          </pre>
        ))}
        {cell.warnings.map(w => (
          <p key={w.id} className="jp-jms-Warning">
            {w.message}
          </p>
        ))}
        <CommentThread
          comments={cell.comments}
          revision={props.revision}
          trans={trans}
        />
        {props.canComment && cell.id !== null && (
          <CommentBox
            trans={trans}
            label={trans.__('Comment on this cell')}
            onSubmit={body => props.onComment(body, cell.id as string)}
          />
        )}
      </div>
    </article>
  );
}

/**
 * Comments as plain text, oldest first, marked when made on an earlier revision.
 */
export function CommentThread(props: {
  comments: IComment[];
  revision: number;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { trans } = props;
  if (props.comments.length === 0) {
    return null;
  }
  return (
    <ul className="jp-jms-Comments">
      {props.comments.map(c => (
        <li key={c.id} className="jp-jms-Comment" data-comment-id={c.id}>
          <div className="jp-jms-Comment-meta">
            <strong>{c.author}</strong> <span>{formatTime(c.created_at)}</span>
            {c.revision !== props.revision && (
              <span className="jp-jms-Flag">
                {trans.__('on revision %1', c.revision)}
              </span>
            )}
          </div>
          <div className="jp-jms-Comment-body">{c.body}</div>
        </li>
      ))}
    </ul>
  );
}

/**
 * A collapsed "add a comment" button that opens a text area.
 */
export function CommentBox(props: {
  trans: TranslationBundle;
  label: string;
  onSubmit: (body: string) => Promise<void>;
}): JSX.Element {
  const { trans } = props;
  const [open, setOpen] = React.useState(false);
  const [text, setText] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  if (!open) {
    return (
      <button
        className="jp-jms-LinkButton jp-jms-AddComment"
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(text);
      setText('');
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jp-jms-CommentBox">
      <textarea
        aria-label={props.label}
        rows={3}
        value={text}
        autoFocus
        onChange={e => setText(e.target.value)}
      />
      {error && (
        <p className="jp-jms-Error" role="alert">
          {error}
        </p>
      )}
      <div className="jp-jms-Buttons">
        <button
          className="jp-mod-styled jp-mod-accept"
          disabled={busy || !text.trim()}
          onClick={() => void submit()}
        >
          {trans.__('Post comment')}
        </button>
        <button
          className="jp-mod-styled jp-mod-reject"
          disabled={busy}
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          {trans.__('Cancel')}
        </button>
      </div>
    </div>
  );
}
