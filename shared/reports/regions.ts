// Names of the city and its counties/districts for report titles and rankings (区县名称), with
// English names. A built-in table for Zibo (淄博市, 3703; ../shared/data/zibo_370300_divisions.csv);
// the report service also takes the divisions the reference data holds, and falls back to the
// code itself for a county it does not know.

export interface CountyName {
  code: string; // 6 digits
  nameZh: string;
  nameEn: string;
}

export const BUILT_IN_CITIES: Readonly<Record<string, { nameZh: string; nameEn: string; counties: readonly CountyName[] }>> = {
  '3703': {
    nameZh: '淄博市',
    nameEn: 'Zibo',
    counties: [
      { code: '370302', nameZh: '淄川区', nameEn: 'Zichuan District' },
      { code: '370303', nameZh: '张店区', nameEn: 'Zhangdian District' },
      { code: '370304', nameZh: '博山区', nameEn: 'Boshan District' },
      { code: '370305', nameZh: '临淄区', nameEn: 'Linzi District' },
      { code: '370306', nameZh: '周村区', nameEn: 'Zhoucun District' },
      { code: '370321', nameZh: '桓台县', nameEn: 'Huantai County' },
      { code: '370322', nameZh: '高青县', nameEn: 'Gaoqing County' },
      { code: '370323', nameZh: '沂源县', nameEn: 'Yiyuan County' },
    ],
  },
};

/** The city's name, or its code when the city is not built in. */
export function cityName(cityCode: string): { nameZh: string; nameEn: string } {
  const c = BUILT_IN_CITIES[cityCode];
  return c ? { nameZh: c.nameZh, nameEn: c.nameEn } : { nameZh: `${cityCode} 全市`, nameEn: `City ${cityCode}` };
}
