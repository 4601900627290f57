import type { ControllerFactory } from '../types';
import assets from './assets';
import catalog from './catalog';
import events from './events';
import eventsAdmin from './events-admin';
import mailLinks from './mail-links';
import profiles from './profiles';
import preferences from './preferences';
import signup from './signup';
import surveys from './surveys';
import surveysAdmin from './surveys-admin';

const controllers: Record<string, ControllerFactory> = {
  signup,
  surveys,
  surveysAdmin,
  catalog,
  events,
  eventsAdmin,
  mailLinks,
  assets,
  profiles,
  preferences,
};

export default controllers;
