// 系统管理 Administration: departments and their API keys, dashboard users, and alert rules. For administrators
// only (the shell does not route others here, and the API refuses them anyway).
import { useState } from 'react';
import { useResource } from '../../api/use-resource';
import { useT } from '../../i18n/i18n';
import { DepartmentsPanel, keysButtonId } from './departments-panel';
import { listDepartments } from './fetch-admin';
import { KeysPanel } from './keys-panel';
import { UsersPanel } from './users-panel';
import { AlertChannelsPanel } from './alert-channels-panel';
import { AlertRulesPanel } from './alert-rules-panel';
import { LicencesPanel } from './licences-panel';

export function AdminPage() {
  const t = useT();
  const departments = useResource((signal) => listDepartments(signal), []);
  const [selected, setSelected] = useState<string>();
  const selectedDept = departments.data?.find((d) => d.code === selected);

  const closeKeys = () => {
    const code = selected;
    setSelected(undefined);
    // Give focus back to the button that opened the panel.
    if (code) requestAnimationFrame(() => document.getElementById(keysButtonId(code))?.focus());
  };

  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p className="muted">{t('admin.intro')}</p>
      <DepartmentsPanel departments={departments} selected={selected} onSelect={setSelected} />
      {selectedDept && <KeysPanel key={selectedDept.code} department={selectedDept} onClose={closeKeys} />}
      <UsersPanel departments={departments.data ?? []} />
      <AlertRulesPanel />
      <AlertChannelsPanel />
      <LicencesPanel />
    </>
  );
}
