// Monthly-report calls of the API (月度报告): the archive, one report with its versions,
// generation, downloads (PDF, XLSX, CSV) and the report settings (targets, minimum volumes).
import { apiFetch, apiFetchBlob, seg } from '../../api/client';
import type { Department, DepartmentList, Region, RegionList } from '../../../../shared/contract/reference';
import type { ReportList, ReportListEntry } from '../../../../shared/contract/reports';
import type { ReportDoc, ReportVersionInfo } from '../../../../shared/reports/model';
import type { ReportSettings } from '../../../../shared/reports/settings';
import type { Locale } from '../../i18n/messages';

export type { ReportDoc, ReportSettings, ReportVersionInfo };

/** An archive entry: the API's contract (shared/contract/reports.ts), type-only. */
export type { ReportListEntry };

export interface ReportAnswer {
  report: ReportDoc;
  current: number;
  isCurrent: boolean;
  versions: ReportVersionInfo[];
}

/** The scope pickers' lists: the contract's divisions and departments (shared/contract/reference.ts). */
export type RegionOption = Region;
export type DepartmentOption = Department;

export async function listReports(q: { month?: string; scope?: string }, signal?: AbortSignal): Promise<ReportListEntry[]> {
  const qs = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();
  return (await apiFetch<ReportList>(`/v1/reports${qs ? `?${qs}` : ''}`, signal ? { signal } : {})).reports;
}

export function getReport(id: string, version: number | undefined, signal?: AbortSignal): Promise<ReportAnswer> {
  return apiFetch<ReportAnswer>(`/v1/reports/${seg(id)}${version ? `?version=${version}` : ''}`, signal ? { signal } : {});
}

export function generateReport(month: string, scope: string): Promise<ReportAnswer & { created: boolean }> {
  return apiFetch(`/v1/reports`, { method: 'POST', body: { month, scope } });
}

export async function listRegions(signal?: AbortSignal): Promise<RegionOption[]> {
  return (await apiFetch<RegionList>('/v1/regions', signal ? { signal } : {})).regions;
}

export async function listDepartments(signal?: AbortSignal): Promise<DepartmentOption[]> {
  return (await apiFetch<DepartmentList>('/v1/admin/departments', signal ? { signal } : {})).departments;
}

export function getReportSettings(signal?: AbortSignal): Promise<ReportSettings> {
  return apiFetch<ReportSettings>('/v1/admin/report-settings', signal ? { signal } : {});
}

export function putReportSettings(s: Pick<ReportSettings, 'minVolume' | 'targets'>): Promise<ReportSettings> {
  return apiFetch<ReportSettings>('/v1/admin/report-settings', { method: 'PUT', body: s });
}

/** Fetches a download with the session's token and hands it to the browser as a file. */
export async function downloadReport(
  id: string,
  ext: 'pdf' | 'xlsx' | 'csv',
  opts: { version: number; locale: Locale; fileName: string },
): Promise<void> {
  const blob = await apiFetchBlob(`/v1/reports/${seg(id)}.${ext}?version=${opts.version}&lang=${opts.locale}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = opts.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
