// A small QR code encoder for the survey link on the classroom screen: byte
// mode, error correction level M, versions 1-6 (up to 106 bytes), mask 0.
// Follows ISO/IEC 18004; the structure follows Project Nayuki's reference
// implementation. qrMatrix() is pure; qrSvg() draws it with DOM calls only
// (no inline styles), so it works under the console's CSP.

// Level M, versions 1-6: error-correction codewords per block and blocks.
const EC_PER_BLOCK = [0, 10, 16, 26, 18, 24, 16];
const BLOCKS = [0, 1, 1, 1, 2, 2, 4];
const FORMAT_LEVEL_M = 0;  // the two format bits of level M
const MASK = 0;

function gfMultiply(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i -= 1) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function rsDivisor(degree) {
  const result = new Array(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i += 1) {
    for (let j = 0; j < degree; j += 1) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function rsRemainder(data, divisor) {
  const result = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ result.shift();
    result.push(0);
    divisor.forEach((coef, i) => { result[i] ^= gfMultiply(coef, factor); });
  }
  return result;
}

function rawCodewords(version) {
  const size = version * 4 + 17;
  let modules = size * size - 3 * 64 - 2 * 15 - 1 - 2 * (size - 16);  // finders+separators, format, dark, timing
  if (version >= 2) modules -= 25;  // one alignment pattern up to version 6
  return Math.floor(modules / 8);
}

/** The QR code of `text` as rows of booleans (true = dark), or null when it is too long. */
export function qrMatrix(text) {
  const bytes = Array.from(new TextEncoder().encode(text));
  let version = 1;
  while (version <= 6 && rawCodewords(version) - EC_PER_BLOCK[version] * BLOCKS[version] < bytes.length + 2) {
    version += 1;
  }
  if (version > 6) return null;
  const total = rawCodewords(version);
  const dataCodewords = total - EC_PER_BLOCK[version] * BLOCKS[version];

  // Mode 0100 (byte), 8-bit count, the bytes, terminator, padding.
  const bits = [];
  const push = (value, length) => {
    for (let i = length - 1; i >= 0; i -= 1) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4);
  push(bytes.length, 8);
  for (const b of bytes) push(b, 8);
  push(0, Math.min(4, dataCodewords * 8 - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; data.length < dataCodewords; pad ^= 0xec ^ 0x11) data.push(pad);

  // Split into blocks (all the same length for level M up to version 6), add EC, interleave.
  const blockCount = BLOCKS[version];
  const blockLength = dataCodewords / blockCount;
  const divisor = rsDivisor(EC_PER_BLOCK[version]);
  const blocks = [];
  for (let b = 0; b < blockCount; b += 1) {
    const block = data.slice(b * blockLength, (b + 1) * blockLength);
    blocks.push([block, rsRemainder(block, divisor)]);
  }
  const codewords = [];
  for (let i = 0; i < blockLength; i += 1) for (const [d] of blocks) codewords.push(d[i]);
  for (let i = 0; i < EC_PER_BLOCK[version]; i += 1) for (const [, ec] of blocks) codewords.push(ec[i]);

  const size = version * 4 + 17;
  const modules = Array.from({ length: size }, () => new Array(size).fill(false));
  const fixed = Array.from({ length: size }, () => new Array(size).fill(false));
  const set = (x, y, dark) => {
    modules[y][x] = dark;
    fixed[y][x] = true;
  };

  for (let i = 0; i < size; i += 1) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
    for (let dy = -4; dy <= 4; dy += 1) {
      for (let dx = -4; dx <= 4; dx += 1) {
        const x = cx + dx;
        const y = cy + dy;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  if (version >= 2) {
    const p = version * 4 + 10;
    for (let dy = -2; dy <= 2; dy += 1) {
      for (let dx = -2; dx <= 2; dx += 1) set(p + dx, p + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  const drawFormat = () => {
    const value = (FORMAT_LEVEL_M << 3) | MASK;
    let rem = value;
    for (let i = 0; i < 10; i += 1) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const format = ((value << 10) | rem) ^ 0x5412;
    const bit = (i) => ((format >>> i) & 1) !== 0;
    for (let i = 0; i <= 5; i += 1) set(8, i, bit(i));
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for (let i = 9; i < 15; i += 1) set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i += 1) set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i += 1) set(8, size - 15 + i, bit(i));
    set(8, size - 8, true);
  };
  drawFormat();

  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert += 1) {
      for (let j = 0; j < 2; j += 1) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!fixed[y][x] && i < codewords.length * 8) {
          modules[y][x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) !== 0;
          i += 1;
        }
      }
    }
  }
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if (!fixed[y][x] && (x + y) % 2 === 0) modules[y][x] = !modules[y][x];
    }
  }
  return modules;
}

/** An <svg> of the QR code of `text` (with the 4-module quiet zone), or null when too long. */
export function qrSvg(text, label) {
  const matrix = qrMatrix(text);
  if (!matrix) return null;
  const ns = 'http://www.w3.org/2000/svg';
  const size = matrix.length + 8;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(ns, 'rect');
  for (const [k, v] of [['width', size], ['height', size], ['fill', '#fff']]) background.setAttribute(k, String(v));
  let d = '';
  matrix.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  }));
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}
