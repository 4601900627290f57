import { signupRequestSchema, type SignupAccepted } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { parseWith } from '../utils/errors';
import { requestMeta, type Ctx } from '../utils/request';
import { getService } from '../utils/services';

const ACCEPTED: SignupAccepted = { data: { status: 'accepted' } };

const signup = ({ strapi }: { strapi: Strapi }) => ({
  /** POST /signups: the same 202 for every valid request, new or known address. */
  async create(ctx: Ctx) {
    const input = parseWith(signupRequestSchema, ctx.request.body);
    await getService(strapi, 'signup').accept(input, requestMeta(ctx));
    ctx.status = 202;
    ctx.body = ACCEPTED;
  },
});

export default signup;
