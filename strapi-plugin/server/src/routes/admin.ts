/** Admin panel routes under /civic-dialog, for editors with the plugin's RBAC actions. */
const canReadProfiles = [
  { name: 'admin::hasPermissions', config: { actions: ['plugin::civic-dialog.profiles.read'] } },
];

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/profiles', handler: 'profiles.find', config: { policies: canReadProfiles } },
    { method: 'GET', path: '/profiles/:id', handler: 'profiles.findOne', config: { policies: canReadProfiles } },
  ],
};
