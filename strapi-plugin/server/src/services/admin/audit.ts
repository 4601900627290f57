import type { AuditAction, AuditEntry, AuditLog, AuditLogQuery } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { toIso } from '../../utils/time';

/** The admin user of a request (Strapi puts it on ctx.state.user for admin routes). */
export interface AdminUser {
  id: number | string;
  email?: string | null;
}

/** Append-only log of admin access to personal data (the guards refuse updates and deletes). */
const audit = ({ strapi }: { strapi: Strapi }) => ({
  async record(admin: AdminUser, action: AuditAction, profileId: number): Promise<void> {
    await strapi.db.query(UID.auditEntry).create({
      data: { adminUserId: Number(admin.id), adminEmail: admin.email ?? '', action, profileId },
    });
  },

  async list(query: AuditLogQuery): Promise<AuditLog> {
    const where = query.profileId ? { profileId: query.profileId } : {};
    const [total, rows] = await Promise.all([
      strapi.db.query(UID.auditEntry).count({ where }),
      strapi.db.query(UID.auditEntry).findMany({
        where,
        orderBy: { id: 'desc' },
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      }) as Promise<Array<Record<string, any>>>,
    ]);
    return {
      results: rows.map(
        (row): AuditEntry => ({
          id: Number(row.id),
          adminUserId: Number(row.adminUserId),
          adminEmail: row.adminEmail,
          action: row.action,
          profileId: Number(row.profileId),
          createdAt: toIso(row.createdAt) ?? '',
        }),
      ),
      pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
    };
  },
});

export default audit;
export type AuditService = ReturnType<typeof audit>;
