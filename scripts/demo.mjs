// The demo: real-world phone inputs through the module, as a Salebot host would call it.
import { normalizePhone, parsePhone, normalizePhones, findPhones, formatPhone } from '../pkg/node.js';

const inputs = [
  '+7 912 345-67-89',
  '8 (912) 345-67-89',
  '  +7 (4012) 12-34-56  ',
  '8-800-555-35-35',
  'tel:+79123456789',
  'sip:79123456789@pbx.example.ru',
  '＋７ ９１２ ３４５-６７-８９',
  '8 (495) 123-45-67, доб. 45',
  '+8 912 345 67 89',
  '912-abc-4567',
  '+380 44 123 45 67',
  '19123456789',
  '+7 912 345 67 8',
  '7912345678a',
  '',
];

console.log('normalizePhone / parsePhone / formatPhone');
for (const input of inputs) {
  try {
    const { phone, extension } = parsePhone(input);
    const ext = extension ? `  extension ${extension}` : '';
    console.log(`  ${JSON.stringify(input).padEnd(36)} → ${normalizePhone(input)}  ${formatPhone(phone)}${ext}`);
  } catch (e) {
    console.log(`  ${JSON.stringify(input).padEnd(36)} ✗ ${e.code}/${e.reason}: ${e.message}`);
  }
}

console.log('\nnormalizePhones (a batch; null where invalid)');
console.log(' ', JSON.stringify(normalizePhones(['89123456789', 'n/a', '+7 495 123 45 67'])));

const text = 'Иван, 8 912 345-67-89 или +7 495 123 45 67; заказ от 15.01.2024, снова 89123456789';
console.log('\nfindPhones in free text');
console.log(`  ${JSON.stringify(text)}`);
console.log(`  → ${JSON.stringify(findPhones(text))}`);
