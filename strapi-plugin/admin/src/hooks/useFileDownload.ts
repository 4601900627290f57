import * as React from 'react';
import { isFetchError, useAPIErrorHandler, useFetchClient, useNotification } from '@strapi/strapi/admin';

import { saveFile } from '../utils/download';

interface DownloadOptions {
  /** Save under `fileName` even when the server names the file (Content-Disposition). */
  keepName?: boolean;
  /** Notified after the download started; without it, success is silent. */
  doneMessage?: string;
  /** Title of the failure notification (the server's message is its text). */
  failedTitle?: string;
}

/**
 * Downloads a file from an admin route of the plugin (the request needs the editor's token, so
 * a plain link cannot do it) and offers it under the server's file name, else `fileName`.
 * Failures are notified.
 */
export function useFileDownload() {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [downloading, setDownloading] = React.useState(false);

  const download = async (path: string, fileName: string, options: DownloadOptions = {}) => {
    setDownloading(true);
    try {
      const { data, headers } = await get<Blob>(path, { responseType: 'blob' });
      const named = options.keepName ? undefined : /filename="([^"]+)"/.exec(headers?.get('Content-Disposition') ?? '')?.[1];
      saveFile(data, named ?? fileName);
      if (options.doneMessage) toggleNotification({ type: 'success', message: options.doneMessage });
    } catch (reason) {
      let message = reason instanceof Error ? reason.message : String(reason);
      if (isFetchError(reason)) {
        try {
          message = formatAPIError(reason) || message;
        } catch {
          // Not in Strapi's error shape (e.g. a proxy page): keep the fetch message.
        }
      }
      toggleNotification({ type: 'danger', title: options.failedTitle, message });
    } finally {
      setDownloading(false);
    }
  };

  return { download, downloading };
}
