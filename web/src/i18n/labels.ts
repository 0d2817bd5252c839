// Labels for domain values shared by several pages: roles and data scopes.
import type { UserRole, UserScope } from '../../../shared/contract/admin';
import type { Translate } from './i18n';
import type { MessageKey } from './messages';

export const ROLE_LABEL: Record<UserRole, MessageKey> = {
  supervisor: 'role.supervisor',
  leadership: 'role.leadership',
  administrator: 'role.administrator',
};

/** A scope in words: with `name`, the region's or department's name instead of its code. */
export function scopeLabel(t: Translate, scope: UserScope, name?: (code: string) => string | undefined): string {
  switch (scope.kind) {
    case 'all':
      return t('scope.all');
    case 'region':
      return t('scope.region', { code: name?.(scope.regionCode) ?? scope.regionCode });
    case 'department':
      return t('scope.department', { code: name?.(scope.departmentCode) ?? scope.departmentCode });
  }
}
