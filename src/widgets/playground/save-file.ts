/** The playground's downloads: a Blob saved under a file name through a temporary link, and the CSV bodies it saves. */

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export const csvBlob = (text: string): Blob => new Blob([text], { type: 'text/csv' });

/** 1D samples (positions at t = 1) as a one-column CSV, five decimals. */
export function samples1dCsv(positions: ArrayLike<number>): string {
  return 'x\n' + Array.from(positions, (x) => +x.toFixed(5)).join('\n') + '\n';
}
