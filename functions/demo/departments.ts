// The demo city's departments (部门/承办单位): the municipal bodies of 淄博市 that deliver
// government services, plus each district's/county's 行政审批服务局 (the county-level bodies
// that, after the relative concentration of licensing powers, hold most county licences).
// Codes are D- + pinyin initials of the usual short name (教育局 → D-JYJ); county bodies
// add the district code (D-370303-XZSPJ). The list is the demo's, not an official roster.

import { ZIBO_DIVISION_ROWS } from '../../shared/zibo-divisions.js';
import { CITY_CODE12 } from './divisions.js';

export interface DemoDepartment {
  /** Department code as used by the API (DepartmentCode: A-Za-z0-9._-, ≤ 32). */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  /** 12-digit region: 370300000000 for city bodies, the district's code for county bodies. */
  readonly regionCode: string;
  readonly level: 'city' | 'county';
}

/** [code suffix, 中文名, English name] of the municipal bodies. */
const CITY_BODIES: ReadonlyArray<readonly [string, string, string]> = [
  ['FGW', '淄博市发展和改革委员会', 'Zibo Municipal Development and Reform Commission'],
  ['JYJ', '淄博市教育局', 'Zibo Municipal Education Bureau'],
  ['KJJ', '淄博市科学技术局', 'Zibo Municipal Science and Technology Bureau'],
  ['GXJ', '淄博市工业和信息化局', 'Zibo Municipal Bureau of Industry and Information Technology'],
  ['MZZJJ', '淄博市民族宗教事务局', 'Zibo Municipal Ethnic and Religious Affairs Bureau'],
  ['GAJ', '淄博市公安局', 'Zibo Municipal Public Security Bureau'],
  ['MZJ', '淄博市民政局', 'Zibo Municipal Civil Affairs Bureau'],
  ['SFJ', '淄博市司法局', 'Zibo Municipal Justice Bureau'],
  ['CZJ', '淄博市财政局', 'Zibo Municipal Finance Bureau'],
  ['RSJ', '淄博市人力资源和社会保障局', 'Zibo Municipal Human Resources and Social Security Bureau'],
  ['ZRZYJ', '淄博市自然资源和规划局', 'Zibo Municipal Natural Resources and Planning Bureau'],
  ['STHJJ', '淄博市生态环境局', 'Zibo Municipal Ecology and Environment Bureau'],
  ['ZJJ', '淄博市住房和城乡建设局', 'Zibo Municipal Housing and Urban-Rural Development Bureau'],
  ['CGJ', '淄博市城市管理局', 'Zibo Municipal Urban Management Bureau'],
  ['JTYSJ', '淄博市交通运输局', 'Zibo Municipal Transport Bureau'],
  ['SLJ', '淄博市水利局', 'Zibo Municipal Water Resources Bureau'],
  ['NYNCJ', '淄博市农业农村局', 'Zibo Municipal Agriculture and Rural Affairs Bureau'],
  ['SWJ', '淄博市商务局', 'Zibo Municipal Commerce Bureau'],
  ['WHLYJ', '淄博市文化和旅游局', 'Zibo Municipal Culture and Tourism Bureau'],
  ['WJW', '淄博市卫生健康委员会', 'Zibo Municipal Health Commission'],
  ['TYJRJ', '淄博市退役军人事务局', 'Zibo Municipal Veterans Affairs Bureau'],
  ['YJGLJ', '淄博市应急管理局', 'Zibo Municipal Emergency Management Bureau'],
  ['SJJ', '淄博市市场监督管理局', 'Zibo Municipal Administration for Market Regulation'],
  ['TYJ', '淄博市体育局', 'Zibo Municipal Sports Bureau'],
  ['TJJ', '淄博市统计局', 'Zibo Municipal Statistics Bureau'],
  ['YBJ', '淄博市医疗保障局', 'Zibo Municipal Healthcare Security Bureau'],
  ['XZSPJ', '淄博市行政审批服务局', 'Zibo Municipal Administrative Approval Service Bureau'],
  ['DSJJ', '淄博市大数据局', 'Zibo Municipal Big Data Bureau'],
  ['GJJ', '淄博市住房公积金管理中心', 'Zibo Housing Provident Fund Management Center'],
  ['RFB', '淄博市人民防空办公室', 'Zibo Municipal Civil Air Defence Office'],
  ['QXJ', '淄博市气象局', 'Zibo Meteorological Bureau'],
  ['DAG', '淄博市档案馆', 'Zibo Municipal Archives'],
  ['CL', '淄博市残疾人联合会', "Zibo Disabled Persons' Federation"],
  ['XFJYZD', '淄博市消防救援支队', 'Zibo Fire and Rescue Detachment'],
  ['YCZMJ', '淄博市烟草专卖局', 'Zibo Tobacco Monopoly Bureau'],
];

const PINYIN_EN: Readonly<Record<string, string>> = {
  淄川区: 'Zichuan District',
  张店区: 'Zhangdian District',
  博山区: 'Boshan District',
  临淄区: 'Linzi District',
  周村区: 'Zhoucun District',
  桓台县: 'Huantai County',
  高青县: 'Gaoqing County',
  沂源县: 'Yiyuan County',
};

/** Code of a city body from its short code ('JYJ' → 'D-JYJ'). */
export const cityDepartmentCode = (suffix: string) => `D-${suffix}`;
/** Code of a district's/county's 行政审批服务局. */
export const countyApprovalCode = (countyCode12: string) => `D-${countyCode12.slice(0, 6)}-XZSPJ`;

/** The demo's departments: 35 municipal bodies and 8 county-level 行政审批服务局 (43 in all). */
export function generateDepartments(): DemoDepartment[] {
  const city = CITY_BODIES.map<DemoDepartment>(([suffix, name, nameEn]) => ({
    code: cityDepartmentCode(suffix),
    name,
    nameEn,
    regionCode: CITY_CODE12,
    level: 'city',
  }));
  const county = ZIBO_DIVISION_ROWS.filter((r) => r.level === 3).map<DemoDepartment>((r) => ({
    code: countyApprovalCode(r.code12),
    name: `${r.name}行政审批服务局`,
    nameEn: `${PINYIN_EN[r.name] ?? r.name} Administrative Approval Service Bureau`,
    regionCode: r.code12,
    level: 'county',
  }));
  return [...city, ...county];
}
