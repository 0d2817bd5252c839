// Administration calls of the API (管理): departments, their API keys, and dashboard users.
import type { z } from 'zod';
import type { DepartmentInput, NewKey, PublicKey, PublicUser, UserInput } from '../../../../shared/contract/admin';
import type { Department, DepartmentList } from '../../../../shared/contract/reference';
import { apiFetch, apiUpload, seg } from '../../api/client';

export type { Department };
export type ApiKey = z.infer<typeof PublicKey>;
export type KeyStatus = ApiKey['status'];
/** A key as created or rotated: the only answer that carries the secret `key`. */
export type CreatedKey = z.infer<typeof NewKey> & { replaces?: string; oldKeyValidUntil?: string };
export type { DepartmentInput, PublicUser, UserInput };

export async function listDepartments(signal?: AbortSignal): Promise<Department[]> {
  return (await apiFetch<DepartmentList>('/v1/admin/departments', signal ? { signal } : {})).departments;
}

export function createDepartment(input: DepartmentInput): Promise<Department> {
  return apiFetch<Department>('/v1/admin/departments', { method: 'POST', body: input });
}

export async function listKeys(departmentCode: string, signal?: AbortSignal): Promise<ApiKey[]> {
  const path = `/v1/admin/departments/${seg(departmentCode)}/keys`;
  return (await apiFetch<{ keys: ApiKey[] }>(path, signal ? { signal } : {})).keys;
}

export function createKey(departmentCode: string, label?: string): Promise<CreatedKey> {
  return apiFetch<CreatedKey>(`/v1/admin/departments/${seg(departmentCode)}/keys`, {
    method: 'POST',
    body: label ? { label } : {},
  });
}

export function rotateKey(departmentCode: string, keyId: string): Promise<CreatedKey> {
  return apiFetch<CreatedKey>(`/v1/admin/departments/${seg(departmentCode)}/keys/${seg(keyId)}/rotate`, {
    method: 'POST',
    body: {},
  });
}

export function revokeKey(departmentCode: string, keyId: string): Promise<ApiKey> {
  return apiFetch<ApiKey>(`/v1/admin/departments/${seg(departmentCode)}/keys/${seg(keyId)}`, { method: 'DELETE' });
}

export async function listUsers(signal?: AbortSignal): Promise<PublicUser[]> {
  return (await apiFetch<{ users: PublicUser[] }>('/v1/admin/users', signal ? { signal } : {})).users;
}

export function createUser(input: UserInput): Promise<PublicUser> {
  return apiFetch<PublicUser>('/v1/admin/users', { method: 'POST', body: input });
}

/** 电子证照目录: the licence types (GET /v1/licences) and a sheet import (POST /v1/admin/licences/import). */
export interface LicenceType {
  code: string;
  name: string;
  issuer?: string;
  revision: number;
  updatedAt: string;
}
export interface LicenceImportRow {
  row: number;
  code: string | null;
  status: 'accepted' | 'updated' | 'duplicate' | 'rejected';
  errors?: Array<{ path: string; code: string; message: string; messageZh: string }>;
}
export interface LicenceImport {
  results: LicenceImportRow[];
  summary: Record<'rows' | 'accepted' | 'updated' | 'duplicate' | 'rejected', number>;
}

export async function listLicences(signal?: AbortSignal): Promise<LicenceType[]> {
  return (await apiFetch<{ licences: LicenceType[] }>('/v1/licences', signal ? { signal } : {})).licences;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export function importLicences(file: File): Promise<LicenceImport> {
  const xlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  return apiUpload<LicenceImport>('/v1/admin/licences/import', file, xlsx ? XLSX_TYPE : 'text/csv');
}
