"""Two accessibility engines run in the page, both from the npm registry (package.json):
axe-core and HTML_CodeSniffer (its WCAG2AA standard, what pa11y runs by default).

`audit(page)` returns the problems both report as (engine, code, where, what). axe's
"incomplete" colour-contrast results count as problems unless the page's computed styles
prove the pair passes; HTML_CodeSniffer's errors count unless they are one of the named,
narrow exclusions in HTMLCS_EXCLUDED."""

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The contrast a text needs (WCAG 1.4.3), from the styles the browser computed: the text's
# colour over the first opaque background among its ancestors. It proves a pass only when
# nothing could be drawn between them: no background image or gradient, no partly
# transparent layer; otherwise the pair stays unproven, and so a failure.
CONTRAST = """(el) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const style = getComputedStyle(el);
  const fg = parse(style.color);
  if (!fg || fg.a < 1) return {proven: false, why: 'text colour is not opaque: ' + style.color};
  let bg = null;
  for (let node = el; node; node = node.parentElement) {
    const s = getComputedStyle(node);
    if (s.backgroundImage !== 'none') return {proven: false, why: 'background image on ' + node.tagName};
    if (parseFloat(s.opacity) < 1) return {proven: false, why: 'opacity on ' + node.tagName};
    const c = parse(s.backgroundColor);
    if (c && c.a === 0) continue;
    if (!c || c.a < 1) return {proven: false, why: 'translucent background on ' + node.tagName};
    bg = c;
    break;
  }
  if (!bg) bg = {r: 255, g: 255, b: 255, a: 1};  // the canvas
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(style.fontSize);
  const bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const needed = large ? 3 : 4.5;
  return {proven: ratio >= needed, why: `${ratio.toFixed(2)}:1 where ${needed}:1 is needed (${style.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}))`};
}"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const contrast = CONTRAST_SOURCE;
  const problems = [];
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    for (const n of v.nodes) problems.push({code: v.id, where: n.target.join(' '), what: v.help});
  }
  for (const v of result.incomplete) {
    if (v.id !== 'color-contrast') continue;
    for (const n of v.nodes) {
      const el = document.querySelector(n.target.join(' '));
      const verdict = el ? contrast(el) : {proven: false, why: 'node not found'};
      if (!verdict.proven) problems.push({code: 'color-contrast (incomplete)', where: n.target.join(' '), what: verdict.why});
    }
  }
  return problems;
}""".replace("CONTRAST_SOURCE", CONTRAST)

RUN_HTMLCS = """() => new Promise((resolve) => {
  const where = (el) => {
    if (!el || el.nodeType !== 1) return 'document';
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id) { parts.unshift('#' + CSS.escape(node.id)); break; }
      let part = node.tagName.toLowerCase();
      const parent = node.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.tagName === node.tagName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(node) + 1})`;
      }
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  HTMLCS.process('WCAG2AA', document, () => {
    resolve(HTMLCS.getMessages()
      .filter((m) => m.type === HTMLCS.ERROR)
      .map((m) => ({code: m.code, where: where(m.element), what: m.msg.slice(0, 160)})));
  }, () => resolve([{code: 'htmlcs-failed', where: 'document', what: 'HTMLCS did not run'}]), 'en');
})"""

# HTML_CodeSniffer errors that are not failures of this site, each by its code and the
# element it is reported on (a substring of the selector), with the reason.
HTMLCS_EXCLUDED: list[tuple[str, str, str]] = []


def excluded(code: str, where: str) -> bool:
    return any(
        code.endswith(excluded_code) and selector in where
        for excluded_code, selector, _reason in HTMLCS_EXCLUDED
    )


class Engines:
    """Both engines' sources, read once; `audit(page)` injects and runs them."""

    def __init__(self):
        self.axe = AXE.read_text()
        self.htmlcs = HTMLCS.read_text()

    @staticmethod
    def available() -> bool:
        return AXE.exists() and HTMLCS.exists()

    def audit(self, page) -> list[tuple[str, str, str, str]]:
        page.evaluate(self.axe)
        found = [("axe", p["code"], p["where"], p["what"]) for p in page.evaluate(RUN_AXE, TAGS)]
        page.add_script_tag(content=self.htmlcs)
        found += [
            ("htmlcs", p["code"], p["where"], p["what"])
            for p in page.evaluate(RUN_HTMLCS)
            if not excluded(p["code"], p["where"])
        ]
        return found
