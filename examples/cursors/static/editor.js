/**
 * The shared text area: reports the local caret as { line, column } (0-based) and draws the other
 * users' cursors over the text. The textarea does not wrap lines and uses a monospace font, so a
 * (line, column) is exactly (line × line height, column × character width) from its padding edge.
 */

/** The caret as { line, column }: the moving end of a selection. */
export function caretOf(textarea) {
  const at = textarea.selectionDirection === 'backward' ? textarea.selectionStart : textarea.selectionEnd;
  const lines = textarea.value.slice(0, at).split('\n');
  return { line: lines.length - 1, column: lines[lines.length - 1].length };
}

/** The character width and line height the textarea lays its text out with. */
function measure(textarea) {
  const style = getComputedStyle(textarea);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontSize} ${style.fontFamily}`;
  return {
    charWidth: context.measureText('M'.repeat(100)).width / 100,
    lineHeight: Number.parseFloat(style.lineHeight),
    left: Number.parseFloat(style.borderLeftWidth) + Number.parseFloat(style.paddingLeft),
    top: Number.parseFloat(style.borderTopWidth) + Number.parseFloat(style.paddingTop),
  };
}

/** One remote cursor: a coloured bar with its owner's name. */
function cursorElement(user) {
  const cursor = document.createElement('div');
  cursor.className = 'cursor';
  cursor.dataset.userId = user.userId;
  const label = document.createElement('span');
  label.className = 'cursor-name';
  cursor.append(label);
  return cursor;
}

/** Wires the textarea: `onCaret` fires when the local caret moves; `draw(users)` shows the others. */
export function createEditor(textarea, overlay, onCaret) {
  let last = '';
  const report = () => {
    const caret = caretOf(textarea);
    const key = `${caret.line}:${caret.column}`;
    if (key === last) return;
    last = key;
    onCaret(caret);
  };
  // selectionchange covers clicks, arrows and typing; keyup and input are for older engines.
  document.addEventListener('selectionchange', () => document.activeElement === textarea && report());
  for (const event of ['input', 'keyup', 'mouseup']) textarea.addEventListener(event, report);

  const shown = new Map();
  let users = [];
  const draw = (next = users) => {
    users = next;
    const { charWidth, lineHeight, left, top } = measure(textarea);
    for (const [userId, element] of shown) {
      if (users.some((user) => user.userId === userId)) continue;
      element.remove();
      shown.delete(userId);
    }
    for (const user of users) {
      let element = shown.get(user.userId);
      if (!element) {
        element = cursorElement(user);
        shown.set(user.userId, element);
        overlay.append(element);
      }
      element.style.setProperty('--color', user.color);
      element.style.left = `${left + user.column * charWidth - textarea.scrollLeft}px`;
      element.style.top = `${top + user.line * lineHeight - textarea.scrollTop}px`;
      element.style.height = `${lineHeight}px`;
      element.dataset.line = user.line;
      element.dataset.column = user.column;
      element.firstElementChild.textContent = user.name;
    }
  };
  textarea.addEventListener('scroll', () => draw());

  return {
    draw,
    /** The caret to publish now (on connect), even if it did not move. */
    caret: () => caretOf(textarea),
    /** Replaces the text with another user's, keeping the local caret where it was. */
    setText(text) {
      if (text === textarea.value) return;
      const { selectionStart, selectionEnd } = textarea;
      textarea.value = text;
      textarea.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
      draw();
    },
  };
}
