import svgpath from 'svgpath';
import type { PathSegment } from './path-segment.ts';

/** What svgpath leaves on its instance; its type declarations omit the parse error. */
interface ParsedPath {
  err: string;
}

/**
 * Parses a `d` attribute with svgpath (a small, long-maintained pure-JS toolkit that implements
 * the SVG path grammar, including arc flags written without separators) into absolute segments
 * with smooth curves expanded. Returns the error text instead when the data is invalid; SVG
 * renderers draw up to the error, but a plotter job should not silently lose strokes, so the
 * caller refuses the file.
 */
export function parsePathData(d: string): PathSegment[] | { error: string } {
  const parsed = svgpath(d);
  const error = (parsed as unknown as ParsedPath).err;
  if (error !== '') return { error: error.replace(/^SvgPath: /, '') };
  const segments: PathSegment[] = [];
  parsed
    .abs()
    .unshort()
    .iterate((segment) => {
      // After abs() and unshort() only upper-case M L H V C Q A Z remain.
      segments.push(segment as unknown as PathSegment);
    });
  return segments;
}
