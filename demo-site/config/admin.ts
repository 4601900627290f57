export default ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  flags: { nps: false, promoteEE: false },
  // The content manager's preview of a newsletter: the plugin's mail preview page (German/English,
  // HTML/plain text), served by this admin on the same origin. Other types have no preview.
  preview: {
    enabled: true,
    config: {
      handler: (uid: string, { documentId }: { documentId: string }) =>
        uid === 'plugin::civic-dialog.newsletter' ? `/admin/plugins/civic-dialog/newsletters/${encodeURIComponent(documentId)}/preview` : null,
    },
  },
});
