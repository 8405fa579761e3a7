/**
 * A uniform grid over stroke endpoints for nearest-neighbour queries with removal: the
 * spatial index behind path joining, ordering and the improvement pass. Endpoint ids are
 * `2·path + end` (end 0 = first point, 1 = last point), so a query can skip one path's
 * own other end. Cells hold their live ids contiguously (swap-remove), and the grid is
 * rebuilt coarser when most ids are gone, so a query touches O(1) cells on average
 * instead of scanning all paths.
 */
export class EndpointGrid {
  readonly #xs: Float64Array;
  readonly #ys: Float64Array;
  #live: number;
  #minX = 0;
  #minY = 0;
  #cellMm = 1;
  #cols = 1;
  #rows = 1;
  #cellStart = new Int32Array(2);
  #cellCount = new Int32Array(1);
  #items = new Int32Array(0);
  #slot: Int32Array;
  #removed: Uint8Array;
  #scratchD2 = new Float64Array(16);

  /** `xs`/`ys` hold one coordinate per endpoint id; all ids start live. */
  constructor(xs: Float64Array, ys: Float64Array) {
    this.#xs = xs;
    this.#ys = ys;
    this.#live = xs.length;
    this.#slot = new Int32Array(xs.length);
    this.#removed = new Uint8Array(xs.length);
    this.#build();
  }

  get size(): number {
    return this.#live;
  }

  #build(): void {
    const xs = this.#xs;
    const ys = this.#ys;
    const removed = this.#removed;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      if (removed[i]) continue;
      const x = xs[i]!;
      const y = ys[i]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (!(minX <= maxX)) {
      minX = maxX = minY = maxY = 0;
    }
    const w = Math.max(maxX - minX, 1e-9);
    const h = Math.max(maxY - minY, 1e-9);
    // About two endpoints per cell.
    const targetCells = Math.max(1, this.#live / 2);
    let cell = Math.sqrt((w * h) / targetCells);
    if (!(cell > 0)) cell = Math.max(w, h);
    cell = Math.max(cell, w / 4096, h / 4096, 1e-9);
    this.#minX = minX;
    this.#minY = minY;
    this.#cellMm = cell;
    this.#cols = Math.max(1, Math.min(4096, Math.floor(w / cell) + 1));
    this.#rows = Math.max(1, Math.min(4096, Math.floor(h / cell) + 1));
    const cells = this.#cols * this.#rows;
    const count = new Int32Array(cells);
    for (let i = 0; i < xs.length; i++) {
      if (!removed[i]) count[this.#cellOf(xs[i]!, ys[i]!)]!++;
    }
    const start = new Int32Array(cells + 1);
    for (let c = 0; c < cells; c++) start[c + 1] = start[c]! + count[c]!;
    const items = new Int32Array(this.#live);
    count.fill(0);
    for (let i = 0; i < xs.length; i++) {
      if (removed[i]) continue;
      const c = this.#cellOf(xs[i]!, ys[i]!);
      const s = start[c]! + count[c]!++;
      items[s] = i;
      this.#slot[i] = s;
    }
    this.#cellStart = start;
    this.#cellCount = count;
    this.#items = items;
  }

  #cellOf(x: number, y: number): number {
    let cx = Math.floor((x - this.#minX) / this.#cellMm);
    let cy = Math.floor((y - this.#minY) / this.#cellMm);
    cx = cx < 0 ? 0 : cx >= this.#cols ? this.#cols - 1 : cx;
    cy = cy < 0 ? 0 : cy >= this.#rows ? this.#rows - 1 : cy;
    return cy * this.#cols + cx;
  }

  has(id: number): boolean {
    return !this.#removed[id];
  }

  remove(id: number): void {
    if (this.#removed[id]) return;
    this.#removed[id] = 1;
    this.#live--;
    const c = this.#cellOf(this.#xs[id]!, this.#ys[id]!);
    const s = this.#slot[id]!;
    const lastSlot = this.#cellStart[c]! + this.#cellCount[c]! - 1;
    const moved = this.#items[lastSlot]!;
    this.#items[s] = moved;
    this.#slot[moved] = s;
    this.#cellCount[c]!--;
    if (this.#live > 64 && this.#live * 8 < this.#cols * this.#rows) this.#build();
  }

  /**
   * The live endpoint nearest to (x, y), skipping both ends of `skipPath` (−1 skips none),
   * or −1 when none is within `maxDistMm`.
   */
  nearest(x: number, y: number, skipPath = -1, maxDistMm = Infinity): number {
    if (this.#live === 0) return -1;
    const cols = this.#cols;
    const rows = this.#rows;
    const cell = this.#cellMm;
    const fx = (x - this.#minX) / cell;
    const fy = (y - this.#minY) / cell;
    const cx = fx < 0 ? 0 : fx >= cols ? cols - 1 : Math.floor(fx);
    const cy = fy < 0 ? 0 : fy >= rows ? rows - 1 : Math.floor(fy);
    let best = -1;
    let bestD2 = maxDistMm === Infinity ? Infinity : maxDistMm * maxDistMm;
    const maxRing = Math.max(cols, rows);
    const xs = this.#xs;
    const ys = this.#ys;
    for (let r = 0; r <= maxRing; r++) {
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      for (let gy = Math.max(0, y0); gy <= y1 && gy < rows; gy++) {
        const edgeRow = gy === y0 || gy === y1;
        const step = edgeRow ? 1 : x1 - x0;
        for (let gx = x0; gx <= x1; gx += step > 0 ? step : 1) {
          if (gx < 0 || gx >= cols) continue;
          const c = gy * cols + gx;
          const s0 = this.#cellStart[c]!;
          const s1 = s0 + this.#cellCount[c]!;
          for (let s = s0; s < s1; s++) {
            const id = this.#items[s]!;
            if (id >> 1 === skipPath) continue;
            const dx = xs[id]! - x;
            const dy = ys[id]! - y;
            const d2 = dx * dx + dy * dy;
            if (d2 < bestD2 || (d2 === bestD2 && id < best)) {
              bestD2 = d2;
              best = id;
            }
          }
        }
      }
      // Every point in a cell not yet scanned is at least this far from the query (sides
      // that already reach the grid's edge have no cells beyond them).
      const outside = Math.min(
        cx - r > 0 ? x - (this.#minX + (cx - r) * cell) : Infinity,
        cx + r + 1 < cols ? this.#minX + (cx + r + 1) * cell - x : Infinity,
        cy - r > 0 ? y - (this.#minY + (cy - r) * cell) : Infinity,
        cy + r + 1 < rows ? this.#minY + (cy + r + 1) * cell - y : Infinity,
      );
      if (outside * outside >= bestD2) break;
    }
    return best;
  }

  /**
   * Up to `k` live endpoints nearest to (x, y), nearest first, skipping both ends of
   * `skipPath`; written to `out` from `offset`. Returns how many were found.
   */
  nearestK(
    x: number,
    y: number,
    skipPath: number,
    k: number,
    out: Int32Array,
    offset: number,
  ): number {
    if (this.#live === 0 || k <= 0) return 0;
    const cols = this.#cols;
    const rows = this.#rows;
    const cell = this.#cellMm;
    const fx = (x - this.#minX) / cell;
    const fy = (y - this.#minY) / cell;
    const cx = fx < 0 ? 0 : fx >= cols ? cols - 1 : Math.floor(fx);
    const cy = fy < 0 ? 0 : fy >= rows ? rows - 1 : Math.floor(fy);
    if (this.#scratchD2.length < k) this.#scratchD2 = new Float64Array(k);
    const d2s = this.#scratchD2;
    let found = 0;
    const maxRing = Math.max(cols, rows);
    const xs = this.#xs;
    const ys = this.#ys;
    for (let r = 0; r <= maxRing; r++) {
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      for (let gy = Math.max(0, y0); gy <= y1 && gy < rows; gy++) {
        const step = gy === y0 || gy === y1 ? 1 : x1 - x0;
        for (let gx = x0; gx <= x1; gx += step > 0 ? step : 1) {
          if (gx < 0 || gx >= cols) continue;
          const c = gy * cols + gx;
          const s0 = this.#cellStart[c]!;
          const s1 = s0 + this.#cellCount[c]!;
          for (let s = s0; s < s1; s++) {
            const id = this.#items[s]!;
            if (id >> 1 === skipPath) continue;
            const dx = xs[id]! - x;
            const dy = ys[id]! - y;
            const d2 = dx * dx + dy * dy;
            if (found === k && d2 >= d2s[k - 1]!) continue;
            // Insertion into the sorted top-k list.
            let at = found < k ? found++ : k - 1;
            while (at > 0 && d2s[at - 1]! > d2) {
              d2s[at] = d2s[at - 1]!;
              out[offset + at] = out[offset + at - 1]!;
              at--;
            }
            d2s[at] = d2;
            out[offset + at] = id;
          }
        }
      }
      const outside = Math.min(
        cx - r > 0 ? x - (this.#minX + (cx - r) * cell) : Infinity,
        cx + r + 1 < cols ? this.#minX + (cx + r + 1) * cell - x : Infinity,
        cy - r > 0 ? y - (this.#minY + (cy - r) * cell) : Infinity,
        cy + r + 1 < rows ? this.#minY + (cy + r + 1) * cell - y : Infinity,
      );
      if (outside === Infinity) break;
      if (found === k && outside * outside >= d2s[k - 1]!) break;
    }
    return found;
  }
}
