/**
 * World regions for the partner directory's "region" filter (UN geoscheme, top level), keyed by
 * ISO 3166-1 alpha-2 country code. A class's region is derived from its school's country.
 */
export const REGIONS = ['africa', 'americas', 'asia', 'europe', 'oceania'] as const
export type Region = (typeof REGIONS)[number]

const COUNTRIES_BY_REGION: Record<Region, string> = {
  africa:
    'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
  americas:
    'AI AG AR AW BS BB BZ BM BO BQ BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UY VE VG VI',
  asia: 'AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE',
  europe:
    'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB',
  oceania: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF',
}

const REGION_OF = new Map<string, Region>(
  REGIONS.flatMap((region) => COUNTRIES_BY_REGION[region].split(' ').map((code) => [code, region] as const)),
)

/** The country codes of a region. */
export const countriesOf = (region: Region): string[] => COUNTRIES_BY_REGION[region].split(' ')

/** The region of a country code, or undefined for a code not in the table. */
export const regionOf = (countryCode: string): Region | undefined => REGION_OF.get(countryCode.toUpperCase())
