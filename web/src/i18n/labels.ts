// Labels for domain values shared by several pages: roles and data scopes.
import type { UserRole, UserScope } from '../../../shared/contract/admin';
import type { Translate } from './i18n';
import type { MessageKey } from './messages';

export const ROLE_LABEL: Record<UserRole, MessageKey> = {
  supervisor: 'role.supervisor',
  leadership: 'role.leadership',
  administrator: 'role.administrator',
};

export function scopeLabel(t: Translate, scope: UserScope): string {
  switch (scope.kind) {
    case 'all': return t('scope.all');
    case 'region': return t('scope.region', { code: scope.regionCode });
    case 'department': return t('scope.department', { code: scope.departmentCode });
  }
}
