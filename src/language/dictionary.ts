/**
 * Everyday words of English and Spanish that are words in their own right, not typos. Typo
 * correction (vocabulary.ts, extract.ts) looks for a known word a slip away from an unknown one;
 * a real word is often a slip away from a vocabulary word ("sesión" / "lesión", "paso" / "peso",
 * "lesson" / "less"), and correcting it would put a word in the user's mouth. A word listed here
 * is left as said: if no state reads it, the answer is confirmed rather than rewritten.
 *
 * Not a full dictionary: the common words people use in answers about training, food and their
 * day, in both languages. Accents off, as the Spanish reading compares words.
 */
import { foldAccents } from './spanish.js';

const WORDS = `
sesion sesiones leccion lecciones pasion estacion razon cancion opcion opciones ocasion
casa casas cosa cosas caso casos paso pasos piso vida vez veces rato ratos tiempo trabajo trabajos
parque calle coche ciudad oficina escuela colegio universidad clase clases curso cursos
pierna piernas brazo brazos dedo dedos cabeza pecho cuerpo barriga tripa cara ojo ojos pelo
mujer hombre hijo hijos hija hijas madre padre amigo amigos amiga amigas novio novia pareja perro gato familia
invierno verano otono primavera enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
antes ahora siempre nunca mucho poco bien mal mejor peor grande pequeno nuevo viejo rapido lento
todo todos toda todas otro otra otros otras mismo misma cual quien donde cuando desde hasta entre
sobre contra hacia segun durante mientras cerca lejos dentro fuera arriba abajo solo sola solos solas
puedo tengo hago voy estoy creo bebo duermo camino corro nado juego vivo salgo llego vuelvo empiezo
uso dejo necesito intento prefiero suelo trabajo estudio cocino compro salir volver empezar dejar
semana semanas mes meses ano anos dia dias hora horas minuto minutos noche noches tarde tardes manana mananas
vaso plato platos mesa cama agua leche pan arroz carne pescado fruta frutas verdura verduras
lado lados parte partes forma formas manera problema problemas verdad mitad medio
gente persona personas mundo pais lugar sitio zona
session sessions lesson lessons season seasons reason reasons person people minute minutes hour hours
house home office park street city class classes course courses school work job
week weeks month months year years morning mornings evening evenings night nights
morning noon later early late before after often never always sometimes
`
  .split(/\s+/)
  .filter((word) => word !== '');

const DICTIONARY: ReadonlySet<string> = new Set(WORDS);

/** Is this a common word of either language, so never corrected into another word? */
export function isDictionaryWord(word: string): boolean {
  return DICTIONARY.has(foldAccents(word.toLowerCase()));
}
