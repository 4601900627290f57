import type { RouteMiddlewareFactory } from '../../kernel/types';
import type { AltchaForm } from '../../kernel/config';
import { getService } from '../../kernel/services';
import { untilValid, validated } from '../../kernel/http/until-valid';

/**
 * Route middleware of a public form (kernel/http/routes `botCheck(form)`): when the plugin config
 * lists the form under altcha.forms, the body's `altcha` payload must be a solved, unused challenge
 * (400 otherwise). The field is taken out of the body either way, so the contract schemas (strict)
 * never see it and a widget may always send it.
 *
 * The payload is checked here, but used up only when the controller says the request is valid
 * (kernel/http/until-valid `validated`), before its work: a request refused for a typo leaves the
 * solution unused, so the corrected one may carry it again.
 */
const altchaCheck: RouteMiddlewareFactory = (config, { strapi }) => async (ctx, next) => {
  const form = config.form as AltchaForm;
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const isObject = Boolean(body) && typeof body === 'object' && !Array.isArray(body);
  const payload = isObject ? body!.altcha : undefined;
  if (isObject) delete body!.altcha;
  const altcha = getService(strapi, 'altcha');
  if (!altcha.enabledFor(form)) return next();
  const solved = await altcha.check(payload);
  untilValid(ctx, () => altcha.use(solved));
  await next();
  // A controller that never said so: its answer stands only if the solution was unused.
  await validated(ctx);
};

export default altchaCheck;
