/**
 * The parsed document as the importer sees it: SVG elements by local name, attributes by
 * a canonical name. Namespaced attributes are keyed `xlink:href`, `inkscape:label`,
 * `sodipodi:…` and `xml:…` whatever prefix the file bound to those namespaces; attributes of
 * other namespaces are keyed `{uri}local` so they never collide with SVG's own.
 */
export interface XmlElement {
  /** Local name, e.g. `path`; `{uri}local` for elements outside the SVG namespace. */
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element (text and CDATA), e.g. a `<style>` sheet. */
  text: string;
}
