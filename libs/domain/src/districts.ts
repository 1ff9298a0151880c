/** Shanghai's districts by GB/T 2260 code (docs/domain.md, Identifiers). */
export const SHANGHAI_DISTRICTS: Record<string, { en: string; zh: string }> = {
  '310101': { en: 'Huangpu', zh: '黄浦区' },
  '310104': { en: 'Xuhui', zh: '徐汇区' },
  '310105': { en: 'Changning', zh: '长宁区' },
  '310106': { en: "Jing'an", zh: '静安区' },
  '310107': { en: 'Putuo', zh: '普陀区' },
  '310109': { en: 'Hongkou', zh: '虹口区' },
  '310110': { en: 'Yangpu', zh: '杨浦区' },
  '310112': { en: 'Minhang', zh: '闵行区' },
  '310113': { en: 'Baoshan', zh: '宝山区' },
  '310114': { en: 'Jiading', zh: '嘉定区' },
  '310115': { en: 'Pudong New Area', zh: '浦东新区' },
  '310116': { en: 'Jinshan', zh: '金山区' },
  '310117': { en: 'Songjiang', zh: '松江区' },
  '310118': { en: 'Qingpu', zh: '青浦区' },
  '310120': { en: 'Fengxian', zh: '奉贤区' },
  '310151': { en: 'Chongming', zh: '崇明区' },
};

export function isShanghaiDistrict(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(SHANGHAI_DISTRICTS, code);
}
