import type { AuditAction, AuditEntry, AuditLog, AuditLogQuery } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import { auditEntryRows } from './rows';
import type { Ctx } from '../../kernel/http/request';

/** The admin user of a request (Strapi puts it on ctx.state.user for admin routes). */
export interface AdminUser {
  id: number | string;
  email?: string | null;
}

/** A request to an admin route: Strapi has put the editor on ctx.state.user. */
export type AdminCtx = Ctx & { state: { user: AdminUser } };

/** Append-only log of admin access to personal data (the guards refuse updates and deletes). */
const audit = ({ strapi }: { strapi: Strapi }) => ({
  async record(admin: AdminUser, action: AuditAction, profileId: number): Promise<void> {
    await strapi.db.query(SHARED_UID.auditEntry).create({
      data: { adminUserId: Number(admin.id), adminEmail: admin.email ?? '', action, profileId },
    });
  },

  /** A list view or download of many people's data: who saw what (`subject`, e.g. "event 12"), when. */
  async recordAccess(admin: AdminUser, action: AuditAction, subject: string): Promise<void> {
    await strapi.db.query(SHARED_UID.auditEntry).create({
      data: { adminUserId: Number(admin.id), adminEmail: admin.email ?? '', action, profileId: null, subject },
    });
  },

  async list(query: AuditLogQuery): Promise<AuditLog> {
    const where = query.profileId ? { profileId: query.profileId } : {};
    const [total, rows] = await Promise.all([
      strapi.db.query(SHARED_UID.auditEntry).count({ where }),
      strapi.db
        .query(SHARED_UID.auditEntry)
        .findMany({ where, orderBy: { id: 'desc' }, limit: query.pageSize, offset: (query.page - 1) * query.pageSize })
        .then(auditEntryRows.many),
    ]);
    return {
      results: rows satisfies AuditEntry[],
      pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
    };
  },
});

export default audit;
export type AuditService = ReturnType<typeof audit>;
