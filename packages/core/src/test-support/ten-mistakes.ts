// A scene config with ten distinct mistakes, of every kind the parser knows: the API, the command
// line and the playground must each report all ten in one pass (#12).

/** The demo's Spring Festival config (as parsed JSON) with ten mistakes made in it. */
export function withTenMistakes(config: any): any {
  const scene = config.scenes[0];
  scene.priority = 'high'; // structure: a type
  scene.floors[0].limt = 8; // structure: an unknown key
  config.themes['spring-red'].colors.primary = 'red-ish'; // structure: a format
  scene.schedule.timeZone = 'Asia/Shangai'; // meaning: a time zone
  scene.schedule.phases.harvest = '2027-01-01T00:00'; // meaning: phase order (before growing)
  scene.theme = 'spring-gold'; // meaning: a theme reference
  scene.floors[1].source = {}; // meaning: a floor source
  scene.floors[2].id = scene.floors[0].id; // meaning: a duplicate id
  scene.audience = { trait: 'ageBand' }; // meaning: an audience rule without "in"
  scene.schedule.end = '2027-02-30'; // meaning: no such date
  return config;
}

/** Where the ten are reported. */
export const TEN_MISTAKE_PATHS = [
  'scenes[0].priority',
  'scenes[0].floors[0].limt',
  'themes.spring-red.colors.primary',
  'scenes[0].schedule.timeZone',
  'scenes[0].schedule.phases.harvest',
  'scenes[0].theme',
  'scenes[0].floors[1].source',
  'scenes[0].floors[2].id',
  'scenes[0].audience.in',
  'scenes[0].schedule.end',
];
