/** highlight.js core with only the two languages the page shows (TypeScript output, XML messages): a small bundle. */
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('xml', xml);

/** Fills `code` with `text` highlighted; its textContent stays exactly `text`. */
export function highlightInto(code: HTMLElement, text: string, language: 'typescript' | 'xml'): void {
  code.className = `hljs language-${language}`;
  code.innerHTML = hljs.highlight(text, { language, ignoreIllegals: true }).value;
}
