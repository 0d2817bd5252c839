// The data-quality requests: GET /v1/pipeline/quality (per department in scope, how many cases,
// complaints and evaluations cannot be judged) and GET /v1/pipeline/quality/{department} (which,
// why, the records involved and what to do).
import { apiFetch } from '../../api/client';

export interface Quality {
  departments: Array<{ department: string; name: string; cannotJudge: number }>;
  total: number;
}
export interface Problem {
  kind: 'case' | 'complaint' | 'evaluation';
  id: string;
  reason: string;
  recordIds: string[];
  message: string;
  messageZh: string;
  action: string;
  actionZh: string;
  detail?: string;
  itemCode: string | null;
  regionCode: string | null;
  firstAt: string | null;
  lastAt: string | null;
}
export interface Problems {
  department: string;
  problems: Problem[];
  next?: string;
}

export function fetchQuality(signal?: AbortSignal): Promise<Quality> {
  return apiFetch<Quality>('/v1/pipeline/quality', signal ? { signal } : {});
}

export function fetchProblems(department: string, signal?: AbortSignal): Promise<Problems> {
  return apiFetch<Problems>(`/v1/pipeline/quality/${encodeURIComponent(department)}?limit=200`, signal ? { signal } : {});
}
