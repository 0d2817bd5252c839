// The file in the data folder where a running `npm start` leaves its DynamoDB Local endpoint.
export const ENDPOINT_FILE = 'dynamodb-endpoint.txt';
