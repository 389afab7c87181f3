/** Saves text as a file through a Blob URL and an <a download>, the one way every browser (and Playwright) sees as a download. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: Chromium starts reading the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
