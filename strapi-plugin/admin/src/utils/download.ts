/** Offers a file to the editor: a temporary object URL on a link with `download`. */
export function saveFile(file: Blob, fileName: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by then; only then may the URL go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
