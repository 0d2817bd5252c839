// The report's narrative paragraph (综述): deterministic templates filled only with values read
// from the report itself. Every value a sentence states is read through `v`, which records its
// path (`refs`), so a test can check that each number in the text is a number of the report —
// nothing is invented, and the same report always reads the same.
import { formatCount, formatDays, formatMagnitude, formatRate } from './format.js';
import { headlineDef, type HeadlineId } from './headline.js';
import { monthLabel } from './month.js';
import { resolvePath, type Narrative, type NarrativeSentence, type ReportDoc } from './model.js';
import { movers, type Ranking } from './ranking.js';

type Body = Omit<ReportDoc, 'narrative'>;

/** Reads values for one sentence, recording the path of each. */
function reader(doc: Body) {
  const refs: string[] = [];
  const get = (path: string): unknown => {
    if (!refs.includes(path)) refs.push(path);
    return resolvePath(doc, path);
  };
  const num = (path: string) => get(path) as number | null;
  return {
    refs,
    /** A value used only to decide which words to use (not stated). */
    peek: (path: string) => resolvePath(doc, path),
    count: (path: string) => formatCount(num(path)),
    rate: (path: string) => formatRate(num(path)),
    days: (path: string) => formatDays(num(path)),
    /** |value| with one decimal (the direction is said in words). */
    mag: (path: string) => formatMagnitude(num(path) ?? 0),
    text: (path: string) => String(get(path) ?? ''),
  };
}
type Reader = ReturnType<typeof reader>;

/** English plurals: "1 case", "2 cases" (the number is read, and stated, from the report). */
function nOf(v: Reader, path: string, one: string, many: string): string {
  return `${v.count(path)} ${v.peek(path) === 1 ? one : many}`;
}
/** "was" or "were" for the count at `path`. */
const wasWere = (v: Reader, path: string) => (v.peek(path) === 1 ? 'was' : 'were');

const H = (id: HeadlineId, rest: string) => `headline/[id=${id}]/${rest}`;

function sentence(doc: Body, key: string, build: (v: Reader) => { zh: string; en: string } | null): NarrativeSentence | null {
  const v = reader(doc);
  const s = build(v);
  return s ? { key, zh: s.zh, en: s.en, refs: v.refs } : null;
}

/** "，环比上升 0.8 个百分点" / ", up 0.8 pp on the previous month" — or nothing when unknown. */
function changePhrase(v: Reader, id: HeadlineId, which: 'mom' | 'yoy'): { zh: string; en: string } {
  const path = H(id, `${which}/value`);
  const value = v.peek(path) as number | null;
  if (value === null || value === undefined) return { zh: '', en: '' };
  const pp = headlineDef(id).unit === 'rate';
  const zhWhich = which === 'mom' ? '环比' : '同比';
  const enWhich = which === 'mom' ? 'on the previous month' : 'on the same month last year';
  if (formatMagnitude(value) === '0.0') return { zh: `，${zhWhich}持平`, en: `, unchanged ${enWhich}` };
  const m = v.mag(path);
  const up = value > 0;
  return pp
    ? { zh: `，${zhWhich}${up ? '上升' : '下降'} ${m} 个百分点`, en: `, ${up ? 'up' : 'down'} ${m} pp ${enWhich}` }
    : { zh: `，${zhWhich}${up ? '增长' : '下降'} ${m}%`, en: `, ${up ? 'up' : 'down'} ${m}% ${enWhich}` };
}

function volume(doc: Body) {
  return sentence(doc, 'volume', (v) => {
    const month = v.text('month');
    const zhName = v.text('scope/nameZh');
    const enName = v.text('scope/nameEn');
    const acc = v.count(H('accepted', 'current/value'));
    const comp = v.count(H('completed', 'current/value'));
    const c = changePhrase(v, 'completed', 'mom');
    return {
      zh: `${monthLabel(month, 'zh-CN')}，${zhName}受理办件 ${acc} 件，办结 ${comp} 件${c.zh ? c.zh.replace('，', '，办结量') : ''}。`,
      en: `In ${monthLabel(month, 'en')}, ${enName} accepted ${nOf(v, H('accepted', 'current/value'), 'case', 'cases')} and completed ${comp}${c.en ? c.en.replace(', ', '; completions were ') : ''}.`,
    };
  });
}

function timeliness(doc: Body) {
  return sentence(doc, 'timeliness', (v) => {
    const overdue = v.count(H('overdueOpen', 'current/value'));
    if (v.peek(H('onTimeRate', 'current/value')) === null) {
      return {
        zh: `本月无可判定时效的办结件；月末超期未办结 ${overdue} 件。`,
        en: `No completed case could be judged for timeliness this month; ${nOf(v, H('overdueOpen', 'current/value'), 'case', 'cases')} ${wasWere(v, H('overdueOpen', 'current/value'))} open past their deadline at month end.`,
      };
    }
    const rate = v.rate(H('onTimeRate', 'current/value'));
    const num = v.count(H('onTimeRate', 'current/numerator'));
    const den = v.count(H('onTimeRate', 'current/denominator'));
    const mom = changePhrase(v, 'onTimeRate', 'mom');
    const yoy = changePhrase(v, 'onTimeRate', 'yoy');
    return {
      zh: `按期办结率 ${rate}（${num}/${den} 件）${mom.zh}${yoy.zh}；月末超期未办结 ${overdue} 件。`,
      en: `The on-time rate was ${rate} (${num} of ${den})${mom.en}${yoy.en}; ${nOf(v, H('overdueOpen', 'current/value'), 'case', 'cases')} ${wasWere(v, H('overdueOpen', 'current/value'))} open past their deadline at month end.`,
    };
  });
}

function specialMatters(doc: Body) {
  return sentence(doc, 'specialMatters', (v) => {
    const far = v.peek('specialMatters/totals/farOverdue') as number;
    const long = v.peek('specialMatters/totals/longSuspended') as number;
    if (far + long === 0) {
      return {
        zh: '截至报告生成时，无长期超期或长期暂停计时的办件。',
        en: 'At generation time no case was long overdue or suspended for long.',
      };
    }
    const farDays = v.count('specialMatters/farOverdueDays');
    const longDays = v.count('specialMatters/longSuspendedDays');
    const farN = v.count('specialMatters/totals/farOverdue');
    const longN = v.count('specialMatters/totals/longSuspended');
    let zhTop = '';
    let enTop = '';
    const depts = v.peek('specialMatters/byDepartment') as Body['specialMatters']['byDepartment'];
    if (depts.length > 1) {
      const top = depts[0]!;
      const i = `specialMatters/byDepartment/[department=${top.department}]`;
      const n = (v.peek(`${i}/farOverdue`) as number) + (v.peek(`${i}/longSuspended`) as number);
      if (n > 0) {
        // n is the sum of two report numbers; state the two, not the sum.
        zhTop = `，最多的是${v.text(`${i}/nameZh`)}（长期超期 ${v.count(`${i}/farOverdue`)} 件、长期暂停 ${v.count(`${i}/longSuspended`)} 件）`;
        enTop = `, most of them at ${v.text(`${i}/nameEn`)} (${v.count(`${i}/farOverdue`)} long overdue, ${v.count(`${i}/longSuspended`)} suspended for long)`;
      }
    }
    return {
      zh: `截至报告生成时，超期 ${farDays} 个工作日以上的长期超期件 ${farN} 件，暂停计时 ${longDays} 个工作日以上的长期等待件 ${longN} 件${zhTop}。`,
      en: `At generation time ${nOf(v, 'specialMatters/totals/farOverdue', 'case', 'cases')} ${wasWere(v, 'specialMatters/totals/farOverdue')} more than ${farDays} working days past their deadline and ${longN} had been suspended for ${longDays} working days or more${enTop}.`,
    };
  });
}

function feedback(doc: Body) {
  return sentence(doc, 'feedback', (v) => {
    const evals = v.peek(H('evaluations', 'current/value')) as number;
    let zh: string;
    let en: string;
    if (evals > 0) {
      const n = v.count(H('evaluations', 'current/value'));
      const sat = v.rate(H('satisfactionRate', 'current/value'));
      const bad = v.count(H('badReviews', 'current/value'));
      const mom = changePhrase(v, 'satisfactionRate', 'mom');
      zh = `收到办事评价 ${n} 条，满意度 ${sat}${mom.zh}，差评 ${bad} 条`;
      en = `${nOf(v, H('evaluations', 'current/value'), 'evaluation was', 'evaluations were')} received with ${sat} satisfied${mom.en}, and ${nOf(v, H('badReviews', 'current/value'), 'bad review', 'bad reviews')}`;
    } else {
      zh = '本月无办事评价';
      en = 'No evaluation was received';
    }
    const c = v.count(H('complaintsReceived', 'current/value'));
    const u = v.count(H('unnecessaryProofComplaints', 'current/value'));
    return {
      zh: `${zh}；受理投诉 ${c} 件，其中“要求提供不必要证明”投诉 ${u} 件。`,
      en: `${en}; ${nOf(v, H('complaintsReceived', 'current/value'), 'complaint was', 'complaints were')} received${v.peek(H('complaintsReceived', 'current/value')) === 1 ? (v.peek(H('unnecessaryProofComplaints', 'current/value')) === 1 ? ', about unnecessary proof' : ', not about unnecessary proof') : `, ${u} of them about unnecessary proof`}.`,
    };
  });
}

function materials(doc: Body) {
  return sentence(doc, 'materials', (v) => {
    const cfi = v.count(H('certificateFreeItems', 'current/value'));
    const cov = v.rate(H('exemptionCoverage', 'current/value'));
    const catalogZh = `免证办事项 ${cfi} 项，免证办覆盖率 ${cov}`;
    const catalogEn = `${cfi} catalog items are certificate-free (coverage ${cov})`;
    if (v.peek(H('reductionRate', 'current/value')) === null) {
      return { zh: `本月无受理办件的材料数据；${catalogZh}。`, en: `No material data this month; ${catalogEn}.` };
    }
    const red = v.rate(H('reductionRate', 'current/value'));
    const ex = v.count(H('materialsExempted', 'current/value'));
    const req = v.count(H('materialsRequired', 'current/value'));
    const avoided = v.count(H('paperAvoided', 'current/value'));
    return {
      zh: `材料精简率 ${red}（免提交 ${ex} 份/应交 ${req} 份），免提交纸质材料 ${avoided} 份；${catalogZh}。`,
      en: `Material reduction was ${red} (${ex} of ${req} materials exempted) and ${avoided} paper documents were avoided; ${catalogEn}.`,
    };
  });
}

function ranking(doc: Body) {
  const r = doc.rankings.find((x) => x.key === 'department:onTimeRate');
  if (!r) return null;
  return sentence(doc, 'ranking', (v) => {
    const base = `rankings/[key=${r.key}]`;
    const ranked = r.rows.filter((x) => x.status === 'ranked');
    const below = r.rows.filter((x) => x.status === 'below_minimum').length;
    if (ranked.length < 2) {
      if (!below && !r.rows.some((x) => x.status === 'sole_eligible')) return null;
      const min = v.count(`${base}/minVolume`);
      return {
        zh: `办结量达到 ${min} 件的部门不足两个，本月不作按期办结率排名。`,
        en: `Fewer than two departments completed ${min} cases or more, so no on-time ranking is given this month.`,
      };
    }
    const min = v.count(`${base}/minVolume`);
    const n = v.count(`${base}/rankedCount`);
    const top = ranked[0]!;
    const bottom = ranked[ranked.length - 1]!;
    const row = (x: Ranking['rows'][number]) => `${base}/rows/[code=${x.code}]`;
    let zh = `按期办结率排名（办结量不少于 ${min} 件的 ${n} 个部门）中，${v.text(`${row(top)}/nameZh`)}居首（${v.rate(`${row(top)}/value`)}），${v.text(`${row(bottom)}/nameZh`)}居末（${v.rate(`${row(bottom)}/value`)}）`;
    let en = `Among the ${n} departments with at least ${min} completed cases, ${v.text(`${row(top)}/nameEn`)} had the highest on-time rate (${v.rate(`${row(top)}/value`)}) and ${v.text(`${row(bottom)}/nameEn`)} the lowest (${v.rate(`${row(bottom)}/value`)})`;
    const { up, down } = movers(r);
    if (up) {
      zh += `；较上月提升最多的是${v.text(`${row(up)}/nameZh`)}（上升 ${v.mag(`${row(up)}/changePp`)} 个百分点）`;
      en += `; ${v.text(`${row(up)}/nameEn`)} improved most (up ${v.mag(`${row(up)}/changePp`)} pp)`;
    }
    if (down) {
      zh += `${up ? '，' : '；'}下降最多的是${v.text(`${row(down)}/nameZh`)}（下降 ${v.mag(`${row(down)}/changePp`)} 个百分点）`;
      en += `${up ? ',' : ';'} ${v.text(`${row(down)}/nameEn`)} fell most (down ${v.mag(`${row(down)}/changePp`)} pp)`;
    }
    if (below) {
      zh += `；另有 ${v.count(`${base}/belowMinimumCount`)} 个部门办结量不足 ${min} 件，列出但不排名`;
      en += `; ${nOf(v, `${base}/belowMinimumCount`, 'department', 'departments')} with fewer than ${min} completed cases ${v.peek(`${base}/belowMinimumCount`) === 1 ? 'is' : 'are'} listed but not ranked`;
    }
    return { zh: `${zh}。`, en: `${en}.` };
  });
}

function position(doc: Body) {
  const p = doc.positions.find((x) => x.metric === 'onTimeRate');
  if (!p || p.rank === null) return null;
  return sentence(doc, 'position', (v) => {
    const base = 'positions/[metric=onTimeRate]';
    return {
      zh: `在全市 ${v.count(`${base}/of`)} 个参与排名的部门中，按期办结率位列第 ${v.count(`${base}/rank`)} 名。`,
      en: `Its on-time rate ranked ${v.count(`${base}/rank`)} of the ${v.count(`${base}/of`)} departments ranked in the city.`,
    };
  });
}

function targets(doc: Body) {
  if (!doc.targets.judged) return null;
  return sentence(doc, 'targets', (v) => {
    let zh = `本月考核的 ${v.count('targets/judged')} 项改革目标中已达成 ${v.count('targets/met')} 项`;
    let en = `${v.count('targets/met')} of the ${nOf(v, 'targets/judged', 'reform target', 'reform targets')} ${v.peek('targets/met') === 1 ? 'was' : 'were'} met`;
    for (const t of doc.targets.rows.filter((x) => x.met === false).slice(0, 2)) {
      const base = `targets/rows/[metric=${t.metric}]`;
      const fmt = (path: string) => (t.unit === 'rate' ? v.rate(path) : t.unit === 'days' ? v.days(path) : v.count(path));
      zh += `；${v.text(`${base}/labelZh`)}为 ${fmt(`${base}/actual/value`)}，目标${t.direction === 'atLeast' ? '不低于' : '不高于'} ${fmt(`${base}/target`)}`;
      en += `; ${v.text(`${base}/labelEn`)} was ${fmt(`${base}/actual/value`)} against a target of ${t.direction === 'atLeast' ? 'at least' : 'at most'} ${fmt(`${base}/target`)}`;
    }
    return { zh: `${zh}。`, en: `${en}.` };
  });
}

function dataQuality(doc: Body) {
  return sentence(doc, 'dataQuality', (v) => {
    const notes = doc.dataQuality.notes;
    if (!notes.length) return { zh: '本月各部门数据接入未见异常。', en: 'No department had a data-feed problem this month.' };
    const zhParts: string[] = [];
    const enParts: string[] = [];
    notes.slice(0, 3).forEach((n, i) => {
      const base = `dataQuality/notes/${i}`;
      const zhName = v.text(`${base}/nameZh`);
      const enName = v.text(`${base}/nameEn`);
      if (n.kind === 'no_data') {
        zhParts.push(`${zhName}本月未报送数据`);
        enParts.push(`${enName} sent nothing`);
      }
      if (n.kind === 'silent') {
        zhParts.push(`${zhName}连续 ${v.count(`${base}/silentDays`)} 个工作日无数据`);
        enParts.push(`${enName} sent nothing for ${v.count(`${base}/silentDays`)} working days in a row`);
      }
      if (n.kind === 'rejected') {
        zhParts.push(`${zhName}被拒收记录占 ${v.rate(`${base}/rejectedShare`)}`);
        enParts.push(`${v.rate(`${base}/rejectedShare`)} of ${enName}'s records were refused`);
      }
      if (n.kind === 'unknown_items') {
        zhParts.push(`${zhName}有 ${v.count(`${base}/unknownItem`)} 条记录的事项不在目录中`);
        enParts.push(`${v.count(`${base}/unknownItem`)} of ${enName}'s records name items not in its catalog`);
      }
    });
    const more = notes.length > 3;
    return {
      zh: `数据质量提示：${v.count('dataQuality/departmentsWithNotes')} 个部门本月数据接入异常（${zhParts.join('；')}${more ? '等' : ''}），相关指标可能偏离实际，请结合核实。`,
      en: `Data quality: ${nOf(v, 'dataQuality/departmentsWithNotes', 'department', 'departments')} had feed problems this month (${enParts.join('; ')}${more ? '; and more' : ''}); their figures may not reflect their work.`,
    };
  });
}

export function buildNarrative(doc: Body): Narrative {
  const sentences = [
    volume(doc),
    timeliness(doc),
    specialMatters(doc),
    feedback(doc),
    materials(doc),
    ranking(doc),
    position(doc),
    targets(doc),
    dataQuality(doc),
  ].filter((s): s is NarrativeSentence => s !== null);
  return { zh: sentences.map((s) => s.zh).join(''), en: sentences.map((s) => s.en).join(' '), sentences };
}
