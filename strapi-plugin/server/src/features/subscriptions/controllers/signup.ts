import { signupRequestSchema, type SignupAccepted } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { validated } from '../../../kernel/http/until-valid';
import { checkSourcePage } from '../../../kernel/http/town-pages';
import { requestMeta, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';

const ACCEPTED: SignupAccepted = { data: { status: 'accepted' } };

const signup = ({ strapi }: { strapi: Strapi }) => ({
  /** POST /signups: the same 202 for every valid request, new or known address. */
  async create(ctx: Ctx) {
    const input = parseWith(signupRequestSchema, ctx.request.body);
    checkSourcePage(strapi, input.pageUrl, ctx.get('origin'));
    await validated(ctx);
    await getService(strapi, 'signup').accept(input, requestMeta(ctx));
    ctx.status = 202;
    ctx.body = ACCEPTED;
  },
});

export default signup;
