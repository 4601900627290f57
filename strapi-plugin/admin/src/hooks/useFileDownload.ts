import * as React from 'react';
import { isFetchError, useAPIErrorHandler, useFetchClient, useNotification } from '@strapi/strapi/admin';

import { saveFile } from '../utils/download';

/**
 * Downloads a file from an admin route of the plugin (the request needs the editor's token, so
 * a plain link cannot do it) and offers it under the server's file name. Failures are notified.
 */
export function useFileDownload() {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [downloading, setDownloading] = React.useState(false);

  const download = async (path: string, fallbackName: string) => {
    setDownloading(true);
    try {
      const { data, headers } = await get<Blob>(path, { responseType: 'blob' });
      const named = /filename="([^"]+)"/.exec(headers?.get('Content-Disposition') ?? '')?.[1];
      saveFile(data, named ?? fallbackName);
    } catch (reason) {
      const message = isFetchError(reason) ? formatAPIError(reason) : reason instanceof Error ? reason.message : String(reason);
      toggleNotification({ type: 'danger', message });
    } finally {
      setDownloading(false);
    }
  };

  return { download, downloading };
}
