// A small Markdown subset for help topics (headings with {#id}, paragraphs, lists, **bold**, `code`, local links):
// help files are ours, but everything is still escaped so a topic can never inject markup.
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function inline(text: string): string {
  let s = esc(text);
  s = s.replace(/`([^`]+)`/g, '<code>$1</code>');
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  // Only links inside the dashboard (a leading '/' or '#'): help never sends users elsewhere.
  s = s.replace(/\[([^\]]+)\]\((\/[^)\s]*|#[\w-]+)\)/g, '<a href="$2">$1</a>');
  return s;
}

export interface HelpDoc {
  title: string;
  html: string;
  /** Section ids ({#id} after a heading): the fields this topic explains. */
  sections: string[];
}

export function renderHelp(md: string, focus?: string): HelpDoc {
  const out: string[] = [];
  const sections: string[] = [];
  let title = '';
  let para: string[] = [];
  let list: string[] = [];
  let open = false;
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
    para = [];
    list = [];
  };
  for (const raw of md.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const h = /^(#{1,3})\s+(.*?)(?:\s+\{#([a-z0-9_-]+)\})?$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      const text = h[2]!;
      if (level === 1 && !title) {
        title = text;
        continue;
      }
      const id = h[3];
      if (open) out.push('</section>');
      open = true;
      if (id) sections.push(id);
      out.push(`<section${id ? ` id="${id}"` : ''}${id && id === focus ? ' class="focus" tabindex="-1"' : ''}><h${level}>${inline(text)}</h${level}>`);
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      if (para.length) flush();
      list.push(line.replace(/^\s*[-*]\s+/, ''));
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (list.length) flush();
    para.push(line.trim());
  }
  flush();
  if (open) out.push('</section>');
  return { title, html: out.join('\n'), sections };
}
