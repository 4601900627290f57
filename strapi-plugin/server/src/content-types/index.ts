import message from './message';
import token from './token';

export default {
  token,
  message,
};
